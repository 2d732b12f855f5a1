// The round's 汇总: who reported on time, late, not at all, compiled from its rows at the deadline and when the
// last obligation closed.
import type { RoundSpec } from './spec';
import type { Stage } from './state';
import type { ReportRef } from './report';
import type { ObligationSnapshot } from './snapshot';
import { acknowledgementOf } from './acknowledge';

export interface CompilationRow {
  obligation: string;
  unit: string;
  stage: Stage;
  due: string;
  receipt?: string;
  submittedAt?: string;
  by?: string;
  /** The stored report: its text is read from the report store when the 汇总 is written. */
  report?: ReportRef;
  excerpt?: string;
  /** Filled in by the activity that sends the 汇总 (never carried by a workflow). */
  text?: string;
  figures?: Record<string, number>;
  /** 签收时间 (a report counts as receipt). */
  acknowledgedAt?: string;
}

/** The round's 汇总: who reported on time, late, not at all. */
export interface Compilation {
  key: string;
  round: string;
  kind: RoundSpec['kind'];
  plan: string;
  task: number;
  taskTitle: string;
  duty: string;
  due: string;
  /** deadline: compiled at the deadline; final: compiled when the last obligation closed. */
  edition: 'deadline' | 'final';
  /** When it was compiled: its content is the state at this instant (the deadline, or the last closing). */
  at: string;
  /** When it was delivered: the next office hour after `at` (absent in compilations sent before office hours). */
  sentAt?: string;
  to: string[];
  cc: string[];
  /** E-mail addresses of to and cc, by name. */
  addresses: Record<string, string>;
  onTime: CompilationRow[];
  late: CompilationRow[];
  missing: CompilationRow[];
  cancelled: CompilationRow[];
  /** The name and unit of each figure the rows carry, by target id (absent in compilations made before). */
  figureNames?: Record<string, { label: string; unit: string }>;
}

export function compile(
  round: RoundSpec,
  snapshots: ObligationSnapshot[],
  edition: Compilation['edition'],
  at: string,
  workflowId: string,
): Compilation {
  const row = (s: ObligationSnapshot): CompilationRow => ({
    obligation: s.id,
    unit: s.unit,
    stage: s.stage,
    due: s.due,
    ...(acknowledgementOf(s) ? { acknowledgedAt: acknowledgementOf(s)!.at } : {}),
    ...(s.submission
      ? {
          receipt: s.submission.receipt,
          submittedAt: s.submission.at,
          by: s.submission.by,
          excerpt: s.submission.excerpt,
          report: s.submission.report,
          figures: s.submission.figures,
        }
      : {}),
  });
  const out: Compilation = {
    key: `${workflowId}/compile-${edition}`,
    round: round.round,
    kind: round.kind,
    plan: round.plan,
    task: round.task,
    taskTitle: round.taskTitle,
    duty: round.duty,
    due: round.due,
    edition,
    at,
    to: round.compiledBy ? [round.compiledBy] : round.to,
    cc: round.compiledBy ? round.to.filter((t) => t !== round.compiledBy) : round.cc,
    addresses: round.addresses ?? {},
    onTime: [],
    late: [],
    missing: [],
    cancelled: [],
  };
  for (const s of snapshots) {
    const r = row(s);
    if (s.stage === 'cancelled') out.cancelled.push(r);
    else if (!s.submission || s.stage === 'returned') out.missing.push(r);
    else if (s.submission.onTime) out.onTime.push(r);
    else out.late.push(r);
  }
  const figureNames = Object.fromEntries(round.obligations.flatMap((o) => o.targets.map((t) => [t.id, { label: t.label, unit: t.unit }])));
  if (Object.keys(figureNames).length) out.figureNames = figureNames;
  return out;
}
