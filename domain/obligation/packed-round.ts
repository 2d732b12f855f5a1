// A round's input and its roundSpec answer with what its obligations share written once. A duty owed by every
// unit of a province repeats its ladder, task, recipients and the bureau's supervisor in each obligation's spec:
// written out, 2,000 units came to more than the 2 MB a Temporal server accepts as one payload. Packed, the round
// carries each obligation's own fields (id, unit, its people) and the rest once. Rounds started before this carry
// the written-out form; unpackRound takes either.
import type { ObligationSpec, RoundSpec } from './spec';

export interface PackedRoundSpec extends Omit<RoundSpec, 'obligations'> {
  /** The fields every obligation of the round has, with the same value. */
  shared: Partial<ObligationSpec>;
  /** Each obligation's fields that are not shared, in the round's order. */
  members: Partial<ObligationSpec>[];
}

export const isPacked = (spec: RoundSpec | PackedRoundSpec): spec is PackedRoundSpec => 'members' in spec;

/** The round with its obligations' common fields written once. */
export function packRound({ obligations, ...round }: RoundSpec): PackedRoundSpec {
  const [first, ...rest] = obligations;
  const shared: Record<string, unknown> = {};
  if (first) {
    for (const [key, value] of Object.entries(first)) {
      const text = JSON.stringify(value);
      if (rest.every((o) => JSON.stringify((o as unknown as Record<string, unknown>)[key]) === text)) shared[key] = value;
    }
  }
  const members = obligations.map((o) => {
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(o)) if (!(key in shared)) own[key] = value;
    return own as Partial<ObligationSpec>;
  });
  return { ...round, shared: shared as Partial<ObligationSpec>, members };
}

/** The round with every obligation's spec written out, from either form. */
export function unpackRound(spec: RoundSpec | PackedRoundSpec): RoundSpec {
  if (!isPacked(spec)) return spec;
  const { shared, members, ...round } = spec;
  return { ...round, obligations: members.map((m) => ({ ...shared, ...m }) as ObligationSpec) };
}

/**
 * The most a packed round's input may weigh (UTF-8 bytes of its JSON): well under the server's 2 MB per payload,
 * leaving room for the payload codec and the rectifications a round's spec grows by.
 */
export const ROUND_INPUT_MAX_BYTES = 1_500_000;

/** The UTF-8 size of a round's packed input. */
export const packedRoundBytes = (spec: RoundSpec): number => new TextEncoder().encode(JSON.stringify(packRound(spec))).length;
