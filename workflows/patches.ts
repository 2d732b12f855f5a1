// The SDK records every patch a new execution takes as a marker plus an upsert of the TemporalChangeVersion search
// attribute: two events and a visibility write per patch, nine of them in an obligation's first task. A bundle
// takes a known list of patches at once under one marker; histories without that marker (executions started
// before it) ask for each patch on its own, as they were recorded. A new workflow type takes them with no marker.
import { patched } from '@temporalio/workflow';

/**
 * Call at the very start of the workflow function. `covers` never changes once released: a later patch is asked
 * for on its own (patched()) until a new bundle, checked before this one, lists it.
 */
export function patchBundle(marker: string, covers: readonly string[]): (id: string) => boolean {
  const bundled = patched(marker);
  return (id) => (bundled && covers.includes(id)) || patched(id);
}

/** For a workflow type newer than every patch in `covers`: those are taken, later ones asked for on their own. */
export function patchesTaken(covers: readonly string[]): (id: string) => boolean {
  return (id) => covers.includes(id) || patched(id);
}
