// The one way workflows notice change: compare a fingerprint of their state (a version counter, the stages
// of a round) with the value it had before, whether to wake up or to publish again.

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
