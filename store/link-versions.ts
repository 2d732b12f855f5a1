// Each unit's link version: revoking a unit's links (from the board or `duban unit-link revoke`) bumps it,
// and every link signed with an older version stops opening the portal. Shared by the worker (which signs
// notices' links), the portal (which checks them), the board and the CLI; read afresh on every use, so a
// revocation applies at once everywhere that shares the store.

export interface LinkVersions {
  /** The unit's current version (0 until its links are first revoked). */
  of(unit: string): Promise<number>;
  /** Every unit's version that is not 0, for checking a link without a lookup per claim. */
  all(): Promise<Record<string, number>>;
  /** Revokes every link of `unit` signed so far; returns the new version. */
  revoke(unit: string, by: string, nowMs: number): Promise<number>;
}
