// The peer of an obligation in the start-rate benchmark: a workflow that does only what an obligation must
// before its first timer (set the same search attributes) and then sleeps. Bundled for the benchmark only.
import { sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { SA } from '../../../domain/search-attributes';

export async function trivialSleeper(a: { plan: string; task: number; unit: string; due: string }): Promise<void> {
  upsertSearchAttributes([
    { key: SA.kind, value: 'bench' },
    { key: SA.plan, value: a.plan },
    { key: SA.task, value: a.task },
    { key: SA.unit, value: a.unit },
    { key: SA.stage, value: 'open' },
    { key: SA.light, value: 'green' },
    { key: SA.due, value: new Date(a.due) },
    { key: SA.level, value: 0 },
  ]);
  await sleep('30 days');
}
