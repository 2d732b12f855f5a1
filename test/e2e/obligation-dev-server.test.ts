// Obligations on the real dev server, as ops see them: the CLI's `workflow list --query` finds red and
// green ones by duban's search attributes; a round of a province's units fits in what the server accepts.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { obligationState, roundSnapshots, roundSpec } from '../../domain/contract/messages';
import { packRound, unpackRound } from '../../domain/obligation/packed-round';
import { loadPlan } from '../../domain/plan/load';
import { widePlanFiles } from '../helpers/wide-directory';
import { createDubanWorker } from '../../worker/create-worker';
import { temporalCliPath } from '../../config/binaries';
import { RecordingSink } from '../helpers/recording-sink';
import { devServerEnv, workflowBundle } from '../../simulation/environment';
import { temporalCli } from '../helpers/processes';
import { loadShipped } from '../helpers/plan-files';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
});
afterAll(async () => env?.teardown());

const specs = new Map(planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
const day = (d: DateTime) => d.toFormat('yyyy-MM-dd');

test('an overdue obligation is red and a far one green; temporal workflow list --query tells them apart', async () => {
  const sink = new RecordingSink();
  const worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'ops-e2e',
    deps: sink.deps(),
    workflowBundle: await workflowBundle(),
  });
  const now = DateTime.now().setZone('Asia/Shanghai');
  const late: ObligationSpec = {
    ...specs.get('jiangmen-2024.t14.may.gaj')!,
    id: 'ops-late',
    notify: [],
    opens: now.minus({ days: 30 }).toISO()!,
    due: now.minus({ days: 1 }).endOf('day').set({ millisecond: 0 }).toISO({ suppressMilliseconds: true })!,
  };
  const far: ObligationSpec = {
    ...specs.get('jiangmen-2024.t14.may.jtysj')!,
    id: 'ops-far',
    notify: [],
    opens: now.toISO()!,
    due: now.plus({ days: 60 }).endOf('day').set({ millisecond: 0 }).toISO({ suppressMilliseconds: true })!,
  };

  await worker.runUntil(async () => {
    const a = await env.client.workflow.start(obligationWorkflow, { args: [late], taskQueue: 'ops-e2e', workflowId: late.id });
    const b = await env.client.workflow.start(obligationWorkflow, { args: [far], taskQueue: 'ops-e2e', workflowId: far.id });
    for (let i = 0; i < 300 && (await a.query(obligationState).catch(() => undefined))?.stage !== 'overdue'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await a.query(obligationState)).toMatchObject({
      stage: 'overdue',
      light: 'red',
      due: `${day(now.minus({ days: 1 }))}T23:59:59+08:00`,
    });
    expect((await b.query(obligationState)).light).toBe('green');
    // Started after its deadline: overdue at once, but no burst of stale reminders.
    expect(sink.ladder).toEqual([]);

    const cli = temporalCliPath()!;
    const list = async (query: string) => {
      for (let i = 0; i < 50; i++) {
        const rows = JSON.parse(await temporalCli(cli, ['workflow', 'list', '--address', env.address, '--query', query, '-o', 'json'])) as {
          execution: { workflowId: string };
        }[];
        if (rows.length) return rows.map((r) => r.execution.workflowId).sort();
        await new Promise((r) => setTimeout(r, 200));
      }
      return [];
    };
    expect(await list(`DubanKind='obligation' AND DubanLight='red'`)).toEqual(['ops-late']);
    expect(await list(`DubanKind='obligation' AND DubanLight='green' AND DubanUnit='市交通运输局'`)).toEqual(['ops-far']);
    expect(await list(`DubanStage='overdue' AND DubanTask=14 AND DubanPlan='jiangmen-2024'`)).toEqual(['ops-late']);
    await a.terminate('test done');
    await b.terminate('test done');
  });
});

test('a round owed by 2,500 units starts on the dev server with its obligations packed, where written out the server refuses it', async () => {
  const files = widePlanFiles(2500, DateTime.now().setZone('Asia/Shanghai').plus({ days: 30 }));
  const round = planRunSpec(loadPlan(files.plan, files.directory)).rounds.find((r) => r.task === 1)!;
  const start = (args: unknown, workflowId: string) =>
    env.client.workflow.start('roundWorkflow', { args: [args], taskQueue: 'wide-round', workflowId });
  // The written-out form, as rounds were started before: over the server's limit on one payload.
  const refused = await start({ ...round, obligationsStartedApart: true }, `${round.round}-written-out`).catch((err: Error) => err);
  expect((refused as Error).cause).toMatchObject({ message: expect.stringMatching(/Blob data size exceeds limit/) });
  const worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'wide-round',
    deps: new RecordingSink().deps(),
    workflowBundle: await workflowBundle(),
  });
  await worker.runUntil(async () => {
    const h = await start({ ...packRound(round), obligationsStartedApart: true }, round.round);
    // Every unit's row, and the round's spec with each obligation as the plan gave it.
    expect(await h.query(roundSnapshots)).toHaveLength(2500);
    expect(unpackRound(await h.query(roundSpec)).obligations).toEqual(round.obligations);
    await h.terminate('test done');
  });
});
