// How duban names what it starts: plan, round, obligation, 回头看 and 整改 ids and receipt numbers are built
// here and nowhere else. What an id is made of travels beside it as fields (round, unit code, kind, what it
// follows up), so no one reads them back out of ids; only rows kept before those fields existed are.

/** A plan duty, a 回头看 of one, or a 整改 opened from a finding. */
export type ObligationKind = 'duty' | 'lookback' | 'rectification';

/** Where an obligation sits: what its id is made of. */
export interface ObligationPlace {
  /** Workflow id of the round that started it (a 整改 sits in the round it was opened from). */
  round: string;
  unitCode: string;
  kind: ObligationKind;
  /** The obligation a 回头看 or 整改 follows up. */
  followUpOf?: string;
}

/** A round: every obligation of one task's duty, e.g. jiangmen-2024.t14.may */
export const roundId = (plan: string, task: number, dutyId: string): string => `${plan}.t${task}.${dutyId}`;

/** One unit's obligation in a round, e.g. jiangmen-2024.t14.may.gaj */
export const obligationId = (plan: string, task: number, dutyId: string, unitCode: string): string =>
  `${roundId(plan, task, dutyId)}.${unitCode}`;

/** The seq-th 回头看 on a round: its own round id (….lb1) and its obligations' duty id (…-lb1). */
export const lookBackIds = (source: { round: string; dutyId: string }, seq: number) => ({
  round: `${source.round}.lb${seq}`,
  dutyId: `${source.dutyId}-lb${seq}`,
});

/** Duty id of a unit's n-th 整改 in a round: …-zg, then …-zg2, …-zg3. */
export const rectificationDutyId = (roundDutyId: string, n: number): string => `${roundDutyId}-zg${n > 1 ? n : ''}`;

/**
 * Receipt number (回执编号) of an obligation's n-th submission, short enough to read out on the phone:
 * HZ-7K3M-Q9XD-1. The code is 40 bits of the obligation id's FNV-1a hash in Crockford's base 32 (digits and capitals
 * without I, L, O, U, so 0/O and 1/I/L cannot be confused), the number after it the submission's. Deterministic:
 * the same obligation and submission always get the same number.
 */
export const receiptId = (obligation: string, n: number): string => `HZ-${receiptCode(obligation)}-${n}`;

/** The receipt numbers given before short ones (and by workflows started before them): HZ-<obligation id>-<n>. */
export const legacyReceiptId = (obligation: string, n: number): string => `HZ-${obligation}-${n}`;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Eight base-32 characters in two groups of four (40 bits of the obligation id's 64-bit FNV-1a hash, by UTF-16 unit). */
export function receiptCode(obligation: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < obligation.length; i++) h = ((h ^ BigInt(obligation.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  let code = '';
  for (let i = 0; i < 8; i++) code += CROCKFORD[Number((h >> BigInt(5 * i)) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A receipt number as a person typed or read it out: the short form (any case, spaces or missing dashes, and the
 * letters O, I and L heard for 0 and 1) gives its code, the older form its obligation id; with the submission's
 * number. Anything else: undefined.
 */
export function readReceipt(typed: string): { code: string; n: number } | { obligation: string; n: number } | undefined {
  const t = String(typed).trim();
  const legacy = /^HZ-([a-z0-9][a-z0-9.-]*\.[a-z0-9-]+)-(\d{1,4})$/.exec(t);
  if (legacy) return { obligation: legacy[1], n: Number(legacy[2]) };
  const compact = t.toUpperCase().replace(/[\s\-－—_]+/g, '');
  const short = /^HZ([0-9A-Z]{8})(\d{1,4})$/.exec(compact.slice(0, 2) + compact.slice(2).replace(/[OIL]/g, (c) => (c === 'O' ? '0' : '1')));
  if (!short || /[U]/.test(short[1])) return undefined;
  return { code: `${short[1].slice(0, 4)}-${short[1].slice(4)}`, n: Number(short[2]) };
}

/** Which submission of its obligation a receipt is (1 for the first; both the short and the older form). */
export const receiptSeq = (receipt: string): number => Number(receipt.slice(receipt.lastIndexOf('-') + 1));

/**
 * The unit code an obligation id ends with. Only for an id that arrives alone (in a URL): the portal refuses
 * another unit's obligation before it asks any workflow. Everything else reads the unitCode field.
 */
export const unitCodeOfId = (id: string): string => id.slice(id.lastIndexOf('.') + 1);

/** The round an obligation id sits in: the id without its unit code. */
export const roundOfId = (id: string): string => id.slice(0, id.lastIndexOf('.'));

/** The last part of a round id: its duty id (may), or lb1 for a 回头看 on a round. */
export const roundTail = (round: string): string => round.slice(round.lastIndexOf('.') + 1);

/** The kind of an obligation spec; specs started before the kind was carried say it by their duty id. */
export function kindOf(o: { kind?: ObligationKind; followUpOf?: string; dutyId: string }): ObligationKind {
  if (o.kind) return o.kind;
  if (o.followUpOf === undefined) return 'duty';
  return LEGACY_RECTIFICATION.test(o.dutyId) ? 'rectification' : 'lookback';
}

/** An obligation spec's place. */
export function placeOf(o: {
  id: string;
  round: string;
  unitCode: string;
  kind?: ObligationKind;
  followUpOf?: string;
  dutyId: string;
}): ObligationPlace {
  return { round: o.round, unitCode: o.unitCode, kind: kindOf(o), ...(o.followUpOf !== undefined ? { followUpOf: o.followUpOf } : {}) };
}

/** The place of a ledger row: its fields, or (rows kept before they existed) what its id and duty id say. */
export function placeOfRow(row: { id: string; dutyId: string } & Partial<ObligationPlace>): ObligationPlace {
  if (row.round !== undefined && row.unitCode !== undefined && row.kind !== undefined) {
    return {
      round: row.round,
      unitCode: row.unitCode,
      kind: row.kind,
      ...(row.followUpOf !== undefined ? { followUpOf: row.followUpOf } : {}),
    };
  }
  const kind: ObligationKind = LEGACY_RECTIFICATION.test(row.dutyId)
    ? 'rectification'
    : LEGACY_LOOK_BACK.test(row.dutyId)
      ? 'lookback'
      : 'duty';
  return { round: roundOfId(row.id), unitCode: unitCodeOfId(row.id), kind };
}

const LEGACY_RECTIFICATION = /-zg\d*$/;
const LEGACY_LOOK_BACK = /-lb\d+$/;
