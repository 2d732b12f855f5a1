// How big the payloads of a plan get: the plan's input, a round's input and query, the whole ledger, for the
// Jiangmen plan (422 obligations) and for a province-scale plan (the same plan's rounds repeated to ~10,000
// obligations), every obligation submitted with a 20,000-character report. Built with the workflows' own
// functions (the state after a submission, the snapshot a round keeps), so the figures are the payloads'.
// Usage: node --import tsx scripts/bench/ledger-size.ts
import { loadPlanFromDisk } from '../../client/plan-files';
import { applySubmit, initialState } from '../../domain/obligation/lifecycle';
import { ObligationState } from '../../domain/obligation/state';
import { excerptOf, MAX_BY_CHARS } from '../../domain/obligation/limits';
import { placed, snapshotOf } from '../../domain/obligation/snapshot';
import { planInput, planRunSpec, PlanRunSpec, RoundSpec } from '../../domain/obligation/spec';

const TEXT = '本单位认真落实方案要求，逐项对照任务清单推进，建立工作台账，按月调度，确保各项任务按期完成。'.repeat(500).slice(0, 20_000);
const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** The plan's rounds repeated `times` over under new ids: a province of cities running the same plan. */
function scaled(spec: PlanRunSpec, times: number): PlanRunSpec {
  const rounds: RoundSpec[] = [];
  for (let i = 0; i < times; i++) {
    for (const r of spec.rounds) {
      const id = (x: string) => (i === 0 ? x : x.replace(spec.plan, `${spec.plan}-c${i}`));
      rounds.push({
        ...r,
        round: id(r.round),
        obligations: r.obligations.map((o) => ({ ...o, id: id(o.id), round: id(o.round), notify: [id(r.round)] })),
      });
    }
  }
  return { ...spec, rounds };
}

function submitted(o: RoundSpec['obligations'][number]): ObligationState {
  const at = Date.parse(o.opens);
  const s = initialState(o, at);
  const report = {
    path: `${o.id}/reports/${'0'.repeat(64)}.json`,
    sha256: 'f'.repeat(64),
    bytes: 60_300,
    chars: TEXT.length,
    excerpt: excerptOf(TEXT),
  };
  applySubmit(
    s,
    o,
    { by: '王'.repeat(MAX_BY_CHARS), report, figures: Object.fromEntries(o.targets.map((t) => [t.id, 123456])) },
    at + 3600_000,
  );
  return s;
}

function measure(label: string, spec: PlanRunSpec) {
  const at = '2024-06-01T00:00:00+08:00';
  // As a round keeps and answers it: the obligation's snapshot with its place (round, unit code, kind).
  const rounds = spec.rounds.map((r) => r.obligations.map((o) => placed(snapshotOf(o, submitted(o), at), o)));
  const obligations = rounds.reduce((n, r) => n + r.length, 0);
  const ledger = rounds.reduce((n, r) => n + bytes(r), 0);
  const legacySnapshot = (r: RoundSpec) =>
    r.obligations.map((o) => ({
      ...snapshotOf(o, submitted(o), at),
      submission: { ...snapshotOf(o, submitted(o), at).submission, text: TEXT },
    }));
  console.log(`\n${label}: ${obligations} obligations, ${spec.rounds.length} rounds`);
  console.log(`  plan workflow input            ${kb(bytes(planInput(spec)))}   (before: the whole expanded plan, ${kb(bytes(spec))})`);
  console.log(`  largest round input            ${kb(Math.max(...spec.rounds.map(bytes)))}`);
  console.log(
    `  largest round query            ${kb(Math.max(...rounds.map(bytes)))}   (before, texts in snapshots: ${kb(Math.max(...spec.rounds.slice(0, 20).map((r) => bytes(legacySnapshot(r)))))})`,
  );
  console.log(
    `  ledger (all rounds' queries)   ${kb(ledger)}, ${Math.round(ledger / obligations)} bytes per obligation   (before: one plan query of ~${kb(obligations * bytes(legacySnapshot(spec.rounds[0])[0]))})`,
  );
  console.log(`  one obligation's state         ${kb(bytes(submitted(spec.rounds[0].obligations[0])))}`);
}

const jiangmen = planRunSpec(loadPlanFromDisk('plans/jiangmen-2024.yaml'));
measure('Jiangmen 2024', jiangmen);
measure('Province scale', scaled(jiangmen, 24));
console.log('\nServer limits: 512 KB warning and 2 MB refusal per payload; 4 MB per gRPC message.');
