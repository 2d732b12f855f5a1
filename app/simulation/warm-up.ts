// Warms a worker before the time-skipping test server races it. The Java test server keeps skipping time
// while a workflow task is in flight; a cold worker's first timer-fired task is slow enough to lose that race
// and time out. Warm, the worker wins it.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { ZONE } from '../../domain/calendar/time';
import { loadPlan } from '../../domain/plan/load';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { cancelObligation, obligationState } from '../../workflows/messages';
import { workflowBundle } from './environment';

// One unit owing one report, built through the same loader and spec as every plan.
const PLAN = `
id: warm-up
year: 2024
title: 预热
issuer: 司法局
issued: 2024-10-08
supervisor: 司法局
yearEnd: { id: annual, what: 年度工作落实情况, to: [司法局], due: 2024-12-31 }
groups: [{ id: 一, title: 预热 }]
tasks:
  - { no: 1, group: 一, title: 预热, text: 预热。, responsible: [甲局], duties: [{ id: once, what: 预热, to: [司法局], due: 2024-10-15 }] }
`;
const DIRECTORY = `
defaults: { government: 市政府, parentGovernment: 省政府, judicialBureau: 司法局, escalatesTo: 司法局 }
units:
  - { name: 司法局, code: sfj, kind: bureau, escalatesTo: null, contact: { name: 联络员, email: sfj@example.org, mobile: "19900000001" }, leader: { name: 领导, email: sfj-l@example.org, mobile: "19900000002" } }
  - { name: 甲局, code: jia, kind: department, contact: { name: 联络员, email: jia@example.org, mobile: "19900000011" }, leader: { name: 领导, email: jia-l@example.org, mobile: "19900000012" } }
recipients: [{ name: 市政府, code: szf, email: szf@example.org }, { name: 省政府, code: sheng, email: sheng@example.org }]
`;
const WARM_UP_LIMIT_MS = 60_000;

/** The obligation starts on the day before its deadline, inside its reminder window. */
const STARTS_AT = DateTime.fromISO('2024-10-14T10:00', { zone: ZONE }).toMillis();

function warmUpObligation(): ObligationSpec {
  const loaded = loadPlan({ file: 'warm-up.yaml', text: PLAN }, { file: 'warm-up-directory.yaml', text: DIRECTORY });
  return { ...planRunSpec(loaded).rounds[0].obligations[0], notify: [] };
}

/**
 * Runs one obligation on a throw-away worker: its first task and a notice (the reminder it missed), two days
 * skipped at once while that worker is still busy (the deadline's and the 催办's timers fire: the race itself),
 * then a cancellation that completes it. How far it gets before the cancellation does not matter.
 */
export async function warmUp(env: TestWorkflowEnvironment, opts: { taskQueue: string; activities: object }): Promise<void> {
  const worker = await Worker.create({ connection: env.nativeConnection, workflowBundle: await workflowBundle(), ...opts });
  await worker.runUntil(async () => {
    const spec: ObligationSpec = { ...warmUpObligation(), clockShiftMs: (await env.currentTimeMs()) - STARTS_AT };
    const handle = await env.client.workflow.start(obligationWorkflow, {
      args: [spec],
      taskQueue: opts.taskQueue,
      workflowId: `warm-up-${Date.now()}`,
    });
    // A warm-up that loses the race badly can hang in the test server: it is cut short, never waited on forever.
    const giveUp = setTimeout(() => void handle.terminate('warm-up took too long').catch(() => undefined), WARM_UP_LIMIT_MS);
    try {
      await handle.query(obligationState);
      await env.sleep(2 * 24 * 3600_000);
      await handle.executeUpdate(cancelObligation, { args: [{ by: '预热', reason: '预热结束' }] });
      await handle.result();
    } catch {
      // A warm-up that failed still warmed the worker; it must not leave a workflow behind.
      await handle.terminate('warm-up').catch(() => undefined);
    } finally {
      clearTimeout(giveUp);
    }
  });
}
