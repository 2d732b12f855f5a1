// Runs a whole plan year on the time-skipping test server with the real workflows and activities:
// notices are captured instead of sent, a cast scripts what units and supervisors do.
import { routed } from '../activities/channels/channel';
import { CHANNEL_KINDS } from '../worker/channels/registry';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ReportStore } from '../store/report-store';
import { LocalReportStore } from '../store/local/report-store';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { createActivities } from '../activities/index';
import { NoticeSink } from '../activities/notices';
import type { AnnualSummary } from '../domain/obligation/annual';
import type { Notice } from '../domain/obligation/notice';
import type { Compilation } from '../domain/obligation/compilation';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { planRunSpec, PlanRunSpec } from '../domain/obligation/spec';
import { obligationId as idOf } from '../domain/obligation/ids';
import type { LoadedPlan } from '../domain/plan/load';
import { ZONE } from '../domain/calendar/time';
import { nextOfficeHourMs } from '../domain/calendar/office-hours';
import { acknowledgeObligation, cancelObligation, extendDeadline, reviewReport, roundSnapshots } from '../domain/contract/messages';
import { readPlanLedger } from '../store/ledger-reader';
import { openRectification } from '../workflows/round';
import type { Cast, CastAction } from './cast';
import { timeSkippingEnv, workflowBundle } from './environment';
import { enterLeanSandbox } from './lean-sandbox';
import { AppError } from '../client/errors';
import { DomainError } from '../domain/errors';
import { submitWithFiles } from '../client/operations';
import { lookBack } from '../client/look-back';
import { startPlanRun } from '../client/plan-runs';

/** One line of the simulation's output. */
export interface SimulatedNotice {
  /** When it went out (a 汇总 or 年度总结: the office hour it was delivered at). */
  at: string;
  /** A 汇总 or 年度总结: when it was compiled (its content is the state then). */
  compiledAt?: string;
  step: string;
  task: number;
  unit?: string;
  obligation?: string;
  round?: string;
  channels: string[];
  to: string[];
  cc?: string[];
  summary?: { onTime: string[]; late: string[]; missing: string[] };
}

export interface SimulationResult {
  notices: SimulatedNotice[];
  ledger: ObligationSnapshot[];
  compilations: Compilation[];
  annual: AnnualSummary[];
  refused: { at: string; action: string; reason: string }[];
  wallMs: number;
}

class CaptureSink implements NoticeSink {
  readonly notices: Notice[] = [];
  readonly compilations: Compilation[] = [];
  readonly annual: AnnualSummary[] = [];
  /** Captured in the obligation's own workflow task, as a worker with channels queues it. */
  async queue(n: Notice): Promise<'delivered'> {
    this.notices.push(n);
    return 'delivered';
  }
  async deliverNotice(n: Notice) {
    this.notices.push(n);
  }
  async deliverCompilation(c: Compilation) {
    this.compilations.push(c);
  }
  async deliverAnnualSummary(a: AnnualSummary) {
    this.annual.push(a);
  }
}

const ms = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

export async function simulate(
  loaded: LoadedPlan,
  cast: Cast,
  opts: {
    env?: TestWorkflowEnvironment;
    taskQueue?: string;
    progress?: (line: string) => void;
    reports?: ReportStore;
    /** 'standard': the SDK's own sandbox, in a workflow thread (the default from DUBAN_SIMULATION_SANDBOX). */
    sandbox?: 'lean' | 'standard';
  } = {},
): Promise<SimulationResult> {
  const progress = opts.progress ?? (() => undefined);
  const started = Date.now();
  const lean = (opts.sandbox ?? (process.env.DUBAN_SIMULATION_SANDBOX === 'standard' ? 'standard' : 'lean')) === 'lean';
  // The workflow bundle is read back (or built) while the JVM of the test server starts.
  const bundled = workflowBundle();
  bundled.catch(() => undefined); // awaited below; a failure surfaces there
  const env = opts.env ?? (await timeSkippingEnv());
  const taskQueue = opts.taskQueue ?? 'duban-simulation';
  const sink = new CaptureSink();
  let leaveLeanSandbox: () => void = () => undefined;
  try {
    // Reports of a simulated year go to a throw-away store.
    const reports = opts.reports ?? new LocalReportStore(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-simulation-')));
    const activities = createActivities({ notices: sink, reports, temporal: () => env.client });
    progress('测试服务器已就绪');
    if (lean) leaveLeanSandbox = enterLeanSandbox();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundled,
      activities,
      debugMode: lean, // workflows in this thread (app/simulation/lean-sandbox.ts)
    });
    const spec = planRunSpec(loaded);
    const opensAt = ms(`${loaded.plan.issued}T00:00`);
    const shift = (await env.currentTimeMs()) - opensAt;
    const run: PlanRunSpec = { ...spec, clockShiftMs: shift };
    const simNow = async () => (await env.currentTimeMs()) - shift;
    const until = async (iso: string) => {
      // Month by month, so progress shows and no single skip outruns the worker by much.
      for (;;) {
        const now = await simNow();
        const wait = ms(iso) - now;
        if (wait <= 0) return;
        const step = Math.min(wait, 30 * 24 * 3600_000);
        await env.sleep(step);
        progress(`模拟时间 ${DateTime.fromMillis(now + step, { zone: ZONE }).toFormat('yyyy-MM-dd')}，已发通知 ${sink.notices.length}`);
      }
    };
    const refused: SimulationResult['refused'] = [];
    let ledger: ObligationSnapshot[] = [];

    await worker.runUntil(async () => {
      await startPlanRun(env.client, loaded, { taskQueue, clockShiftMs: shift });
      // Virtual time does not move before every obligation has run its first task: the test server holds it while
      // any workflow task is scheduled, and each start schedules one.
      progress(`方案工作流已启动：${spec.rounds.length} 个轮次`);
      const act = async (action: CastAction) => {
        try {
          await perform(env, reports, spec, action, taskQueue, await simNow());
        } catch (err) {
          const reason =
            err instanceof WorkflowUpdateFailedError
              ? (err.cause?.message ?? err.message)
              : err instanceof DomainError
                ? err.zh
                : err instanceof Error
                  ? err.message
                  : String(err);
          refused.push({ at: action.at, action: action.action, reason });
        }
      };
      for (const batch of sameInstantBatches(cast)) {
        await until(batch[0].at);
        // Reports filed at one instant by different units go in together, as they would from many desks.
        const pending = [...batch];
        const desk = async () => {
          for (let a = pending.shift(); a; a = pending.shift()) await act(a);
        };
        await Promise.all(Array.from({ length: batch.length > 1 ? 8 : 1 }, desk));
      }
      // Run out the year, the escalations that follow year-end deadlines and the annual summary's delivery.
      const lastStep = Math.max(
        ...loaded.obligations.flatMap((o) => o.ladder.map((s) => ms(s.at))),
        nextOfficeHourMs(ms(run.yearEndAt), loaded.plan.ladder.sendAt),
      );
      await until(DateTime.fromMillis(lastStep, { zone: ZONE }).plus({ days: 1 }).toISO()!);
      ledger = await readPlanLedger(env.client, spec.plan);
    });

    const notices = (
      [
        ...sink.notices.map((n) => ({
          at: n.at,
          step: n.step,
          task: n.task,
          unit: n.unit,
          obligation: n.obligation,
          channels: n.channels ?? routed(n, CHANNEL_KINDS).channels,
          to: n.to.map((a) => `${a.name} <${a.email}>`),
          cc: n.cc.map((a) => `${a.name} <${a.email}>`),
        })),
        ...sink.compilations.map((c) => ({
          at: c.sentAt ?? c.at,
          compiledAt: c.at,
          step: c.edition === 'deadline' ? '汇总' : '汇总（终版）',
          task: c.task,
          round: c.round,
          channels: ['email'],
          to: c.to,
          cc: c.cc,
          summary: { onTime: c.onTime.map((r) => r.unit), late: c.late.map((r) => r.unit), missing: c.missing.map((r) => r.unit) },
        })),
        ...sink.annual.map((a) => ({ at: a.sentAt ?? a.at, compiledAt: a.at, step: '年度总结', task: 0, channels: ['email'], to: a.to })),
      ] as SimulatedNotice[]
    ).sort(
      // Ties (one unit's duties in one task, notices at one instant) in a fixed order, whichever was captured first.
      (a: SimulatedNotice, b: SimulatedNotice) =>
        a.at.localeCompare(b.at) ||
        a.task - b.task ||
        (a.unit ?? '').localeCompare(b.unit ?? '') ||
        (a.obligation ?? a.round ?? '').localeCompare(b.obligation ?? b.round ?? '') ||
        a.step.localeCompare(b.step),
    );
    return { notices, ledger, compilations: sink.compilations, annual: sink.annual, refused, wallMs: Date.now() - started };
  } finally {
    leaveLeanSandbox();
    if (!opts.env) await env.teardown();
  }
}

async function perform(
  env: TestWorkflowEnvironment,
  reports: ReportStore,
  spec: PlanRunSpec,
  a: CastAction,
  taskQueue: string,
  nowMs: number,
): Promise<void> {
  if (a.action === 'look-back') {
    // Started as a supervisor starts one; its obligations join the plan's for the cast lines that follow.
    const lb = await lookBack(env.client, a.round, { by: a.by, due: a.due, units: a.units }, taskQueue, nowMs);
    spec.rounds.push(lb);
    await env.client.workflow.getHandle(lb.round).query(roundSnapshots); // its first task has run: its obligations are starting
    return;
  }
  if (a.action === 'rectify') {
    await env.client.workflow
      .getHandle(a.round)
      .executeUpdate(openRectification, { args: [{ by: a.by, unit: a.unit, finding: a.finding, due: a.due }] });
    return;
  }
  const id = obligationId(spec, a.unit, a.task, a.duty);
  const h = env.client.workflow.getHandle(id);
  if (a.action === 'submit') await submitWithFiles(env.client, reports, id, { by: a.by, text: a.text, figures: a.figures }, []);
  if (a.action === 'review')
    await h.executeUpdate(reviewReport, { args: [{ by: a.by, decision: a.decision, reason: a.reason, newDue: a.newDue }] });
  if (a.action === 'extend') await h.executeUpdate(extendDeadline, { args: [{ by: a.by, newDue: a.newDue, reason: a.reason }] });
  if (a.action === 'cancel') await h.executeUpdate(cancelObligation, { args: [{ by: a.by, reason: a.reason }] });
  if (a.action === 'acknowledge') await h.executeUpdate(acknowledgeObligation, { args: [{ by: a.by }] });
}

/**
 * The cast in time order, cut into batches that may run together: submissions at one instant, each for
 * another unit and task. Anything else (a review, a 回头看) runs alone, in order.
 */
function sameInstantBatches(cast: Cast): CastAction[][] {
  const batches: CastAction[][] = [];
  for (const a of [...cast].sort((x, y) => ms(x.at) - ms(y.at))) {
    const last = batches.at(-1);
    const joins =
      last &&
      a.action === 'submit' &&
      last[0].action === 'submit' &&
      last[0].at === a.at &&
      !last.some((b) => b.action === 'submit' && b.unit === a.unit && b.task === a.task);
    if (joins) last.push(a);
    else batches.push([a]);
  }
  return batches;
}

/** The obligation a cast line means: by unit, task and (when the task has several for the unit) duty. */
export function obligationId(spec: PlanRunSpec, unit: string, task: number, duty?: string): string {
  const all = spec.rounds.flatMap((r) => r.obligations).filter((o) => o.unit === unit && o.task === task && (!duty || o.dutyId === duty));
  if (all.length === 1) return all[0].id;
  // Obligations opened during the run (整改) follow the same id scheme.
  const code = spec.rounds.flatMap((r) => r.obligations).find((o) => o.unit === unit)?.unitCode;
  if (all.length === 0 && duty && code) return idOf(spec.plan, task, duty, code);
  if (all.length === 0) throw new AppError(`没有 ${unit} 在任务${task}${duty ? `（${duty}）` : ''}中的报送事项`);
  throw new AppError(`${unit} 在任务${task}中有多项报送事项（${all.map((o) => o.dutyId).join('、')}），请用 duty 指明`);
}
