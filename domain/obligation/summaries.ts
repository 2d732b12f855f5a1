// What each workflow says about itself in Chinese in the Temporal Web UI: the summary it is started with and
// the details it keeps current. One place, so a round reads the same whether the CLI, the plan or a
// simulation started it.
import type { ObligationSnapshot } from './snapshot';
import type { PlanRunSpec, RoundSpec } from './spec';
import type { Obligation } from '../plan/obligations';
import { LEVEL_ZH, LIGHT_ZH, ObligationState, Stage, STAGE_ZH } from './state';

const day = (iso: string) => iso.slice(0, 10);
const roundHead = (r: Pick<RoundSpec, 'kind' | 'task' | 'duty' | 'due'>) =>
  `${r.kind === 'lookback' ? '回头看' : '轮次'} · 任务${r.task} · ${r.duty} · 截止 ${day(r.due)}`;

export const planSummary = (title: string, rounds: number): string => `方案 · ${title} · ${rounds} 个轮次`;

/** A round's or 回头看's summary; a 回头看 started by a supervisor names them. */
export function roundSummary(r: RoundSpec, startedBy?: string): string {
  const text = `${roundHead(r)} · ${r.obligations.length} 个单位`;
  return startedBy ? `${text} · ${startedBy} 发起` : text;
}

export const obligationSummary = (o: Pick<Obligation, 'task' | 'unit' | 'duty' | 'due'>): string =>
  `任务${o.task} · ${o.unit} · ${o.duty} · 截止 ${day(o.due)}`;

/** How many of the rows are in each stage, in the order people read them; stages with none are left out. */
const stageCounts = (rows: ObligationSnapshot[], stages: readonly Stage[], all: boolean) =>
  stages
    .map((st) => [STAGE_ZH[st], rows.filter((s) => s.stage === st).length] as const)
    .filter(([, n]) => all || n > 0)
    .map(([label, n]) => `${label} ${n}`)
    .join('，');

/** A round's details: its head and how many units are in each stage. */
export function roundDetails(spec: RoundSpec, snapshots: ObligationSnapshot[]): string {
  return `${roundHead(spec)}\n共 ${snapshots.length} 个单位：${stageCounts(snapshots, ['accepted', 'submitted', 'open', 'returned', 'overdue', 'cancelled'], false)}`;
}

/** An obligation's details: its stage, light, deadline, escalation and last receipt. */
export function obligationDetails(spec: Pick<Obligation, 'task' | 'unit' | 'duty'>, s: ObligationState): string {
  const parts = [`状态：${STAGE_ZH[s.stage]}`, `灯：${LIGHT_ZH[s.light]}`, `截止：${s.due}`];
  if (s.level) parts.push(`督办等级：${LEVEL_ZH[s.level]}`);
  const last = s.submissions.at(-1);
  if (last) parts.push(`回执：${last.receipt}`);
  return `${spec.unit} · 任务${spec.task} · ${spec.duty}\n${parts.join('；')}`;
}

/** A plan's details: its rounds and how many have closed. */
export const planDetails = (title: string, rounds: number, closed: number): string => `${title}\n轮次 ${rounds}，已结束 ${closed}`;

/** The details of a plan that keeps its own ledger (started before rounds kept it). */
export function ledgerPlanDetails(spec: PlanRunSpec, ledger: ObligationSnapshot[], closed: number): string {
  const red = ledger.filter((s) => s.light === 'red').length;
  return `${spec.title}\n报送事项 ${ledger.length}：${stageCounts(ledger, ['accepted', 'submitted', 'open', 'returned', 'overdue'], true)}；红灯 ${red}；已结束轮次 ${closed}/${spec.rounds.length}`;
}

/** Said once a plan's year is over. */
export const YEAR_CLOSED = '年度总结已发送，方案年度结束';
