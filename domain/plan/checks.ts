// Cross-reference checks of a plan against the directory: the errors a schema cannot see.
import type { PlanFile } from './schema';
import type { Directory } from './directory';
import { expandUnits } from './directory';
import { FieldPath, formatPath, PlanFileError, PlanIssue } from './issues';
import type { YamlSource } from './yaml-source';
import { unknownName } from './suggest';
import { scoringRules } from '../scoring/rules';
import { expandRecurrence, isRecurrence } from './recurrence';

/** Recipients named by their relation to the delivering unit, resolved per unit from the directory. */
export const RELATIVE_RECIPIENTS = { 本级政府: 'government', 上级政府: 'parentGovernment', 同级司法行政部门: 'judicialBureau' } as const;
export type RelativeRecipient = keyof typeof RELATIVE_RECIPIENTS;

export function checkPlan(plan: PlanFile, dir: Directory, src: YamlSource): void {
  const issues: PlanIssue[] = [];
  const issue = (path: FieldPath, m: { zh: string; en: string }) =>
    issues.push({ file: src.file, line: src.lineOf(path), path: formatPath(path), ...m });

  const spellings = (accept: (kind: string) => boolean) => [...dir.names].filter(([, v]) => accept(v.kind)).map(([k]) => k);
  const expectUnit = (name: string, path: FieldPath, groupsToo: boolean) => {
    const hit = dir.names.get(name);
    const ok = hit && (hit.kind === 'unit' || (groupsToo && hit.kind === 'group'));
    if (!ok) {
      const what = groupsToo ? { zh: '单位或分组', en: 'unit or group' } : { zh: '单位', en: 'unit' };
      issue(
        path,
        unknownName(
          what,
          name,
          spellings((k) => k === 'unit' || (groupsToo && k === 'group')),
        ),
      );
    }
  };
  const expectRecipient = (name: string, path: FieldPath) => {
    if (name in RELATIVE_RECIPIENTS) return;
    const hit = dir.names.get(name);
    if (!hit || hit.kind === 'group') {
      issue(
        path,
        unknownName({ zh: '接收单位', en: 'recipient' }, name, [...spellings((k) => k !== 'group'), ...Object.keys(RELATIVE_RECIPIENTS)]),
      );
    }
  };
  const expectInYear = (date: string, crossesYear: boolean, path: FieldPath) => {
    if (!crossesYear && Number(date.slice(0, 4)) !== plan.year) {
      issue(path, {
        zh: `截止日期 ${date} 不在方案年度 ${plan.year} 内；如确需跨年，请加 crossesYear: true`,
        en: `deadline ${date} is outside the plan year ${plan.year}; add crossesYear: true if intended`,
      });
    }
  };

  expectUnit(plan.supervisor, ['supervisor'], false);
  const scoring = scoringRules(plan.scoring);
  if (plan.scoring && scoring.latePerWorkingDay > scoring.lateCap) {
    issue(['scoring', plan.scoring.lateCap !== undefined ? 'lateCap' : 'latePerWorkingDay'], {
      zh: `逾期扣分上限 lateCap（${scoring.lateCap}）小于每个工作日的扣分 latePerWorkingDay（${scoring.latePerWorkingDay}）`,
      en: `lateCap (${scoring.lateCap}) is below latePerWorkingDay (${scoring.latePerWorkingDay})`,
    });
  }
  if (plan.goal) expectInYear(plan.goal.due, false, ['goal', 'due']);

  // The year-end default duty.
  if (plan.yearEnd.to.length === 0) issue(['yearEnd', 'to'], noRecipient());
  plan.yearEnd.to.forEach((r, i) => expectRecipient(r, ['yearEnd', 'to', i]));
  plan.yearEnd.cc.forEach((r, i) => expectRecipient(r, ['yearEnd', 'cc', i]));
  expectInYear(plan.yearEnd.due, plan.yearEnd.crossesYear, ['yearEnd', 'due']);

  const groupIds = new Set<string>();
  plan.groups.forEach((g, i) => {
    if (groupIds.has(g.id)) issue(['groups', i, 'id'], { zh: `任务组编号 "${g.id}" 重复`, en: `duplicate group id "${g.id}"` });
    groupIds.add(g.id);
  });

  const taskNos = new Map<number, number>();
  plan.tasks.forEach((t, i) => {
    const at: FieldPath = ['tasks', i];
    if (taskNos.has(t.no)) {
      issue([...at, 'no'], {
        zh: `任务序号 ${t.no} 重复（第 ${taskNos.get(t.no)! + 1} 项已使用）`,
        en: `duplicate task number ${t.no} (already used by item ${taskNos.get(t.no)! + 1})`,
      });
    } else taskNos.set(t.no, i);
    if (!groupIds.has(t.group)) issue([...at, 'group'], unknownName({ zh: '任务组', en: 'group' }, t.group, groupIds));
    t.responsible.forEach((n, j) => expectUnit(n, [...at, 'responsible', j], true));
    t.implementing.forEach((n, j) => expectUnit(n, [...at, 'implementing', j], true));

    const dutyIds = new Set<string>();
    const claim = (id: string, path: FieldPath, of?: string) => {
      if (dutyIds.has(id))
        issue(path, {
          zh: `报送事项编号 "${id}"${of ? `（由周期性事项 ${of} 展开）` : ' '}在任务 ${t.no} 中重复`,
          en: `duplicate duty id "${id}" in task ${t.no}${of ? ` (a period of ${of})` : ''}`,
        });
      dutyIds.add(id);
    };
    t.duties.forEach((d, j) => {
      const dp: FieldPath = [...at, 'duties', j];
      claim(d.id, [...dp, 'id']);
      if (d.from !== 'task') d.from.forEach((n, k) => expectUnit(n, [...dp, 'from', k], true));
      if (d.to.length === 0) issue([...dp, 'to'], noRecipient());
      d.to.forEach((r, k) => expectRecipient(r, [...dp, 'to', k]));
      d.cc.forEach((r, k) => expectRecipient(r, [...dp, 'cc', k]));
      (d.compiledTo ?? []).forEach((r, k) => expectRecipient(r, [...dp, 'compiledTo', k]));
      if (d.compiledBy) expectUnit(d.compiledBy, [...dp, 'compiledBy'], false);
      if (isRecurrence(d.due)) {
        const { occurrences, problems } = expandRecurrence(d.due, plan.year, plan.issued);
        for (const p of problems) issue([...dp, 'due', p.field], p);
        for (const o of occurrences) {
          claim(`${d.id}-${o.suffix}`, [...dp, 'id'], d.id);
          if (!o.crossesYear) expectInYear(o.due, d.crossesYear, [...dp, 'due']);
        }
      } else expectInYear(d.due, d.crossesYear, [...dp, 'due']);
      if (d.from !== 'task' && issues.length === 0 && expandUnits(dir, d.from).length === 0) {
        issue([...dp, 'from'], { zh: '报送单位展开后为空', en: 'no unit left to deliver after expanding groups' });
      }
    });

    const reportable = new Set([...dutyIds, plan.yearEnd.id]);
    const targetIds = new Set<string>();
    t.targets.forEach((g, j) => {
      if (targetIds.has(g.id)) issue([...at, 'targets', j, 'id'], { zh: `指标编号 "${g.id}" 重复`, en: `duplicate target id "${g.id}"` });
      targetIds.add(g.id);
      if (!reportable.has(g.reportIn))
        issue([...at, 'targets', j, 'reportIn'], unknownName({ zh: '报送事项', en: 'duty' }, g.reportIn, reportable));
    });
  });

  if (issues.length) throw new PlanFileError(issues);
}

function noRecipient() {
  return { zh: '报送事项没有接收单位（to 为空）', en: 'duty has no recipient (empty "to")' };
}
