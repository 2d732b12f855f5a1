// Against the real Temporal dev server (CLI binary): a client starts an obligation, duban's worker runs it
// in real time, and its state and search attributes are read back.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { SA } from '../../domain/search-attributes';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { obligationState } from '../../domain/contract/messages';
import { createDubanWorker } from '../../worker/create-worker';
import { RecordingSink } from '../helpers/recording-sink';
import { loadShipped } from '../helpers/plan-files';
import { devServerEnv, workflowBundle } from '../../simulation/environment';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const shipped = planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations);

test('an obligation due in 8 seconds sends its missed reminder at once, turns red at the deadline, and is searchable', async () => {
  const sink = new RecordingSink();
  const worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: 'dev-e2e',
    deps: sink.deps(),
    workflowBundle: await workflowBundle(),
  });
  const now = DateTime.now().setZone('Asia/Shanghai');
  // Far enough ahead that the first workflow task comes before the deadline even on a loaded machine.
  const due = now.plus({ seconds: 8 }).set({ millisecond: 0 }).toISO({ suppressMilliseconds: true })!;
  // Started inside its reminder window: the latest reminder it missed goes out once, at the start.
  const spec: ObligationSpec = {
    ...shipped.find((o) => o.id === 'jiangmen-2024.t5.annual.pengjiang')!,
    id: 'dev-t5-pengjiang',
    notify: [],
    opens: now.minus({ days: 30 }).toISO()!,
    due,
  };

  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(obligationWorkflow, { args: [spec], taskQueue: 'dev-e2e', workflowId: spec.id });
    for (let i = 0; i < 300 && (await handle.query(obligationState).catch(() => undefined))?.stage !== 'overdue'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await handle.query(obligationState)).toMatchObject({ stage: 'overdue', light: 'red', due });
    expect(sink.ladder.map((n) => [n.step, n.stepKey, n.unit, n.task, n.to[0].name])).toEqual([
      ['reminder', 'remind-1', '蓬江区', 5, spec.chain[0].person.name],
    ]);
    expect(sink.ladder[0].key).toBe(`dev-t5-pengjiang/${due.slice(0, 10).replace(/-/g, '')}.remind-1`);

    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SA.kind)).toBe('obligation');
    expect(described.typedSearchAttributes.get(SA.unit)).toBe('蓬江区');
    expect(described.typedSearchAttributes.get(SA.task)).toBe(5);
    expect(described.typedSearchAttributes.get(SA.stage)).toBe('overdue');
    expect(described.typedSearchAttributes.get(SA.light)).toBe('red');

    let found: string[] = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = [];
      for await (const wf of env.client.workflow.list({
        query: `DubanKind='obligation' AND DubanLight='red' AND DubanPlan='jiangmen-2024'`,
      }))
        found.push(wf.workflowId);
      if (!found.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toEqual(['dev-t5-pengjiang']);
    await handle.terminate('test done');
  });
});
