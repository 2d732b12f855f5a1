// The plan's annual summary (年度总结), compiled from the ledger at year end.
import type { ObligationSnapshot } from './snapshot';
import { isClosed, isOwing, Stage } from './state';

export interface AnnualSummary {
  key: string;
  plan: string;
  title: string;
  year: number;
  /** The year-end instant: the summary is the state as of then. */
  at: string;
  /** When it was delivered: the first working day's send time after year end (absent before office hours). */
  sentAt?: string;
  to: string[];
  /** E-mail of the supervisor, when known. */
  toEmails: string[];
  total: number;
  byStage: Record<Stage, number>;
  byTask: { task: number; total: number; closed: number; overdue: number }[];
  /** Obligations still owed at year end, most escalated first. */
  outstanding: { id: string; task: number; unit: string; duty: string; due: string; stage: Stage; level: number }[];
  /** The units' assessment ranking (考核排名) at year end, added by the activity that reads the ledger. */
  ranking?: {
    rank: number;
    unit: string;
    score: number;
    onTime: number;
    late: number;
    missing: number;
    escalations: number;
    returned: number;
    findings: number;
  }[];
}

export function annualSummary(
  plan: { plan: string; title: string; year: number; supervisor: string; supervisorEmail?: string },
  ledger: ObligationSnapshot[],
  at: string,
  workflowId: string,
): AnnualSummary {
  const byStage: Record<Stage, number> = { open: 0, overdue: 0, submitted: 0, returned: 0, accepted: 0, cancelled: 0 };
  const tasks = new Map<number, { task: number; total: number; closed: number; overdue: number }>();
  for (const s of ledger) {
    byStage[s.stage]++;
    const t = tasks.get(s.task) ?? { task: s.task, total: 0, closed: 0, overdue: 0 };
    t.total++;
    if (isClosed(s.stage)) t.closed++;
    if (s.stage === 'overdue') t.overdue++;
    tasks.set(s.task, t);
  }
  const outstanding = ledger
    .filter((s) => isOwing(s.stage))
    .sort((a, b) => b.level - a.level || a.task - b.task || a.id.localeCompare(b.id))
    .map(({ id, task, unit, duty, due, stage, level }) => ({ id, task, unit, duty, due, stage, level }));
  return {
    key: `${workflowId}/annual-summary`,
    plan: plan.plan,
    title: plan.title,
    year: plan.year,
    at,
    to: [plan.supervisor],
    toEmails: plan.supervisorEmail ? [plan.supervisorEmail] : [],
    total: ledger.length,
    byStage,
    byTask: [...tasks.values()].sort((a, b) => a.task - b.task),
    outstanding,
  };
}
