// The one way workflows notice change: compare a fingerprint of their state (a version counter, the stages
// of a round) with the value it had before, whether to wake up or to publish again.
import type { ObligationSnapshot } from '../domain/obligation/snapshot';

/** A test that holds once `fingerprint()` differs from its value now: what a workflow waits on. */
export function changedSince(fingerprint: () => unknown): () => boolean {
  const before = fingerprint();
  return () => fingerprint() !== before;
}

/** Passes a value the first time and then only when it differs from the last one passed: what to publish. */
export function changeFilter<T>(): (value: T) => boolean {
  let last: { value: T } | undefined;
  return (value) => {
    if (last && last.value === value) return false;
    last = { value };
    return true;
  };
}

/**
 * Takes obligations' changes in version order: told in passing, a change may land after a newer one. Returns the
 * row (without its version) to keep, or undefined for a change older than one already taken; rows without a
 * version (obligations from before) are always taken.
 */
export function newestChanges(): (s: ObligationSnapshot) => ObligationSnapshot | undefined {
  const versions = new Map<string, number>();
  return ({ version, ...row }) => {
    if (version === undefined) return row;
    if (version < (versions.get(row.id) ?? -1)) return undefined;
    versions.set(row.id, version);
    return row;
  };
}
