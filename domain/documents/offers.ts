// Which documents the board offers for a plan, from its ledger as it stands: where a step shows, its document.
// Pure: the board's documents page and its tests read the same list.
import { placeOfRow } from '../obligation/ids';
import { isOwing } from '../obligation/state';
import type { ObligationSnapshot } from '../obligation/snapshot';
import { DOCUMENT_KINDS, DocumentKind } from './model';

export interface DocumentOffer {
  kind: DocumentKind;
  /** What the document is asked for by: an obligation, a round or the plan. */
  id: string;
  /** What the link says, e.g. 督办通知书 · 台山市 · 任务17. */
  label: string;
}

/** An obligation's own documents: its 督办通知书 once it is overdue and owing, its 整改通知 when it is a 整改. */
export function obligationOffers(row: ObligationSnapshot, nowMs: number): DocumentOffer[] {
  const out: DocumentOffer[] = [];
  const place = placeOfRow(row);
  if (isOwing(row.stage) && Date.parse(row.due) < nowMs)
    out.push({ kind: 'supervision', id: row.id, label: `${DOCUMENT_KINDS.supervision} · ${row.unit} · 任务${row.task}` });
  if (place.kind === 'rectification')
    out.push({ kind: 'rectification', id: row.id, label: `${DOCUMENT_KINDS.rectification} · ${row.unit} · 任务${row.task}` });
  return out;
}

/** Every document of the plan: the year's two, each round's (汇总; 通报 while units are overdue; 回头看通知), each obligation's. */
export function planOffers(
  plan: string,
  rows: ObligationSnapshot[],
  nowMs: number,
): { plan: DocumentOffer[]; rounds: DocumentOffer[]; obligations: DocumentOffer[] } {
  const rounds = new Map<string, ObligationSnapshot[]>();
  for (const r of rows) {
    const round = placeOfRow(r).round;
    rounds.set(round, [...(rounds.get(round) ?? []), r]);
  }
  const roundOffers: DocumentOffer[] = [];
  for (const [round, members] of [...rounds].sort((a, b) => a[1][0].task - b[1][0].task || a[0].localeCompare(b[0]))) {
    const first = members[0];
    const name = `任务${first.task} · ${first.duty}`;
    if (members.some((m) => placeOfRow(m).kind === 'lookback'))
      roundOffers.push({ kind: 'lookback', id: round, label: `${DOCUMENT_KINDS.lookback} · ${name}` });
    roundOffers.push({ kind: 'compilation', id: round, label: `${DOCUMENT_KINDS.compilation} · ${name}` });
    if (members.some((m) => isOwing(m.stage) && Date.parse(m.due) < nowMs))
      roundOffers.push({ kind: 'circular', id: round, label: `${DOCUMENT_KINDS.circular} · ${name}` });
  }
  const obligations = [...rows]
    .sort((a, b) => b.level - a.level || a.task - b.task || a.id.localeCompare(b.id))
    .flatMap((r) => obligationOffers(r, nowMs));
  return {
    plan: [
      { kind: 'annual', id: plan, label: DOCUMENT_KINDS.annual },
      { kind: 'assessment', id: plan, label: DOCUMENT_KINDS.assessment },
    ],
    rounds: roundOffers,
    obligations,
  };
}
