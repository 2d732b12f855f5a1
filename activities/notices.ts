// Delivering the ladder's notices and the rounds' compilations. The sink is injected: a log in
// development, captured in simulations and tests, the configured channels in production.
import { ContactLookup, withCurrentContacts } from '../domain/notices/current-contacts';
import { Context, log } from '@temporalio/activity';
import type { Notice } from '../domain/obligation/notice';
import type { Compilation } from '../domain/obligation/compilation';
import type { AnnualSummary } from '../domain/obligation/annual';
import { STEP_ZH } from '../domain/notices/step-labels';
import type { ReportStore } from '../store/report-store';
import { countDelivered, countFailed } from './notice-metrics';
import type { Handover } from '../domain/notices/delivery';

export interface NoticeSink {
  /** The notice with the channels it will go out on (sinks that choose channels); the others leave it be. */
  route?(n: Notice): Notice;
  deliverNotice(n: Notice): Promise<void>;
  /**
   * Takes the notice without making its obligation wait: queued for the worker's sender, or delivered at once by
   * a sink that cannot fail (a log, a recorder). Sinks without it deliver in the notice activity.
   */
  queue?(n: Notice, workflowId: string): Promise<Exclude<Handover, 'direct'>>;
  /**
   * Queues the notice to go out at `atMs` (its instant, on the worker's clock), well before it: a 09:00 burst then
   * needs no workflow task at 09:00. Sinks without it take the notice at its instant.
   */
  schedule?(n: Notice, workflowId: string, atMs: number): Promise<void>;
  /** Takes back a scheduled notice: false when it is already going out (or gone). */
  withdraw?(key: string): Promise<boolean>;
  deliverCompilation(c: Compilation): Promise<void>;
  deliverAnnualSummary(a: AnnualSummary): Promise<void>;
  /** Lets go of the channels' connections when the worker stops. */
  close?(): void;
}

/** A notice as one readable Chinese line: step, task, unit, duty, deadline and addressees. */
const noticeLine = (n: Notice) =>
  `【${STEP_ZH[n.step]}】任务${n.task} ${n.unit}：${n.duty}，截止 ${n.due} → ${n.to.map((a) => a.name).join('、')}`;

/** Development sink: one readable Chinese line per notice in the worker's log. */
export const logNoticeSink: NoticeSink = {
  async queue(n) {
    await this.deliverNotice(n);
    return 'delivered';
  },
  async schedule(n) {
    log.info(`${noticeLine(n)}（定于 ${n.at} 发出）`, { key: n.key });
  },
  async withdraw(key) {
    log.info(`【撤回】${key}：到点前情况已变，不再发出`, { key });
    return true;
  },
  async deliverNotice(n) {
    log.info(noticeLine(n), {
      key: n.key,
    });
  },
  async deliverCompilation(c) {
    log.info(
      `【汇总】任务${c.task} ${c.duty}：按时 ${c.onTime.length}，逾期 ${c.late.length}，未报 ${c.missing.length} → ${c.to.join('、')}`,
      { key: c.key },
    );
  },
  async deliverAnnualSummary(a) {
    log.info(
      `【年度总结】${a.title}：共 ${a.total} 项，已办结 ${a.byStage.accepted}，未完成 ${a.outstanding.length} → ${a.to.join('、')}`,
      { key: a.key },
    );
  },
};

export function createNoticeActivities(deps: { notices: NoticeSink; reports?: ReportStore; contacts?: ContactLookup }) {
  // Addressed to the directory's current contacts (the chain in the workflow was frozen when it started).
  const current = (n: Notice) => (deps.contacts ? withCurrentContacts(n, deps.contacts) : n);
  return {
    /**
     * Delivers the notice, or queues it on a worker whose sink queues ('queued': the obligation then hands its next
     * notices over with queueNotice).
     */
    async sendNotice(frozen: Notice): Promise<Handover> {
      const given = current(frozen);
      const n = deps.notices.route ? deps.notices.route(given) : given;
      const { queue } = deps.notices;
      try {
        const handover = queue
          ? await queue.call(deps.notices, n, workflowIdOfActivity())
          : (await deps.notices.deliverNotice(n), 'delivered' as const);
        if (handover === 'delivered') countDelivered(n);
        return handover;
      } catch (err) {
        countFailed(n, err);
        throw err;
      }
    },
    /** A local activity: hands the notice over in the obligation's own workflow task. */
    async queueNotice(frozen: Notice): Promise<Handover> {
      const given = current(frozen);
      const { queue, route } = deps.notices;
      if (!queue) return 'direct';
      const n = route ? route.call(deps.notices, given) : given;
      const handover = await queue.call(deps.notices, n, workflowIdOfActivity());
      if (handover === 'delivered') countDelivered(n);
      return handover;
    },
    /**
     * A local activity: queues the notice for its instant (`atMs`, real time: a simulated clock's shift applied);
     * false where the sink can only take it then.
     */
    async scheduleNotice({ notice: frozen, atMs }: { notice: Notice; atMs: number }): Promise<boolean> {
      const notice = current(frozen);
      const { schedule, route } = deps.notices;
      if (!schedule) return false;
      await schedule.call(deps.notices, route ? route.call(deps.notices, notice) : notice, workflowIdOfActivity(), atMs);
      return true;
    },
    /** A local activity: takes back a scheduled notice; false when it is already going out. */
    async withdrawNotice(key: string): Promise<boolean> {
      return deps.notices.withdraw ? deps.notices.withdraw(key) : true;
    },
    async sendCompilation(c: Compilation): Promise<void> {
      await deps.notices.deliverCompilation(await withReportTexts(c, deps.reports));
    },
    async sendAnnualSummary(a: AnnualSummary): Promise<void> {
      await deps.notices.deliverAnnualSummary(a);
    },
  };
}

const workflowIdOfActivity = (): string => Context.current().info.workflowExecution?.workflowId ?? '';

export type NoticeActivities = ReturnType<typeof createNoticeActivities>;

/**
 * The 汇总 carries each report's reference; its documents show the text, read here from the report store
 * (the excerpt, marked as such, where this machine's store does not have it).
 */
export async function withReportTexts(c: Compilation, reports?: ReportStore): Promise<Compilation> {
  const fill = (rows: Compilation['onTime']) =>
    Promise.all(
      rows.map(async (r) => {
        if (r.text !== undefined || !r.report) return r.excerpt && r.text === undefined ? { ...r, text: r.excerpt } : r;
        const text = await reports?.textOf(r.report);
        return { ...r, text: text ?? `${r.excerpt ?? ''}（全文见报送平台）` };
      }),
    );
  return {
    ...c,
    onTime: await fill(c.onTime),
    late: await fill(c.late),
    missing: await fill(c.missing),
    cancelled: await fill(c.cancelled),
  };
}

/** Delivers to every sink in turn (e.g. the log and the channels). */
export function allSinks(...sinks: NoticeSink[]): NoticeSink {
  return {
    route: (n) => sinks.reduce((m, s) => (s.route ? s.route(m) : m), n),
    // Taken that way only when every sink can; queued when one of them queued it (the log delivers at once).
    queue: sinks.every((s) => s.queue)
      ? async (n, workflowId) => {
          let handover: Exclude<Handover, 'direct'> = 'delivered';
          for (const s of sinks) if ((await s.queue!(n, workflowId)) === 'queued') handover = 'queued';
          return handover;
        }
      : undefined,
    schedule: sinks.every((s) => s.schedule)
      ? async (n, workflowId, atMs) => {
          for (const s of sinks) await s.schedule!(n, workflowId, atMs);
        }
      : undefined,
    async withdraw(key) {
      let withdrawn = true;
      for (const s of sinks) if (s.withdraw && !(await s.withdraw(key))) withdrawn = false;
      return withdrawn;
    },
    async deliverNotice(n) {
      for (const s of sinks) await s.deliverNotice(n);
    },
    async deliverCompilation(c) {
      for (const s of sinks) await s.deliverCompilation(c);
    },
    async deliverAnnualSummary(a) {
      for (const s of sinks) await s.deliverAnnualSummary(a);
    },
    close: () => sinks.forEach((s) => s.close?.()),
  };
}
