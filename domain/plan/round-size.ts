// A round is started with its obligations' specs (packed: domain/obligation/packed-round.ts), and the Temporal
// server refuses a payload over 2 MB. A duty owed by more units than one round can carry is refused when the plan
// is read, naming the task and the duty, not half-way through starting the plan.
import { planRunSpec } from '../obligation/spec';
import { packedRoundBytes, ROUND_INPUT_MAX_BYTES } from '../obligation/packed-round';
import { PlanFileError, type PlanIssue } from './issues';
import type { LoadedPlan } from './loaded-plan';
import type { YamlSource } from './yaml-source';

export function checkRoundSizes(loaded: LoadedPlan, src: YamlSource): void {
  const issues: PlanIssue[] = [];
  for (const round of planRunSpec(loaded).rounds) {
    const bytes = packedRoundBytes(round);
    if (bytes <= ROUND_INPUT_MAX_BYTES) continue;
    const index = loaded.plan.tasks.findIndex((t) => t.no === round.task);
    const path = index >= 0 ? ['tasks', index] : [];
    const units = round.obligations.length;
    issues.push({
      file: src.file,
      line: src.lineOf(path),
      path: index >= 0 ? `tasks[${index}]` : '',
      zh: `任务 ${round.task} 的“${round.duty}”由 ${units} 个单位报送，一轮承载不下（约 ${Math.ceil(bytes / 1000)} KB，上限 ${ROUND_INPUT_MAX_BYTES / 1000} KB）：请把报送单位分到几项任务或几项报送要求中`,
      en: `duty ${round.dutyId} of task ${round.task} is owed by ${units} units: its round's input (${bytes} bytes) exceeds ${ROUND_INPUT_MAX_BYTES}; split the units over several tasks or duties`,
    });
  }
  if (issues.length) throw new PlanFileError(issues);
}
