// A digest of what the chart pages read of a plan's ledger: while it and the minute are unchanged, a page's charts
// are the ones already computed.
import crypto from 'node:crypto';
import { followedKey, ObligationSnapshot } from '../../domain/obligation/snapshot';

export /** What the charts read of each row: a changed report, stage, level, deadline or 签收 changes it. */
function ledgerDigest(ledger: ObligationSnapshot[]): string {
  const h = crypto.createHash('sha256');
  for (const r of ledger) h.update(`${r.id}|${r.unit}|${followedKey(r)}|${r.at}|${r.submission?.at ?? ''}\n`);
  return h.digest('base64');
}
