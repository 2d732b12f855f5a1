// `duban plan check|obligations`: validate a plan file and show what it obliges whom to do.
import { Command } from 'commander';
import { describeRules, scoringRules } from '../domain/scoring/rules';
import Table from 'cli-table3';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/calendar/time';
import { expandUnits } from '../domain/plan/directory';
import type { LoadedPlan } from '../domain/plan/load';
import { unknownName } from '../domain/plan/suggest';
import { loadPlanFromDisk } from '../client/plan-files';
import { AppError } from '../client/errors';
import { yearOption } from './options';
import { addDraftCommands } from './plan-draft-command';

/** Table without lines between rows. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const WEEKDAY = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function planCommands(): Command {
  const plan = new Command('plan').description('工作方案文件：校验、展开报送事项');

  plan
    .command('check <file>')
    .description('校验方案文件及其单位名录，打印概要或全部错误（有错误时退出码为 1）')
    .option('--directory <file>', '单位名录文件（默认取方案中 directory 字段，或同目录的 directory.yaml）')
    .option('--year <year>', '换算到另一年度', yearOption)
    .action((file: string, o) => {
      const loaded = loadPlanFromDisk(file, { directory: o.directory, year: o.year });
      console.log(summary(loaded));
    });

  plan
    .command('obligations <file>')
    .description('列出方案展开后的全部报送事项')
    .option('--directory <file>', '单位名录文件')
    .option('--year <year>', '换算到另一年度', yearOption)
    .option('--unit <name>', '只列出该单位的事项')
    .option('--json', '以 JSON 数组输出')
    .action((file: string, o) => {
      const loaded = loadPlanFromDisk(file, { directory: o.directory, year: o.year });
      let list = loaded.obligations;
      if (o.unit) {
        const hit = loaded.directory.names.get(o.unit);
        if (!hit || hit.kind === 'recipient')
          throw new AppError(unknownName({ zh: '单位', en: 'unit' }, o.unit, loaded.directory.names.keys()).zh);
        const units = new Set(expandUnits(loaded.directory, [hit.name]));
        list = list.filter((ob) => units.has(ob.unit));
      }
      if (o.json) {
        const rows = list.map((ob) => ({
          id: ob.id,
          task: ob.task,
          unit: ob.unit,
          duty: ob.duty,
          dutyId: ob.dutyId,
          due: ob.due,
          round: ob.round,
          recipients: { to: ob.to, cc: ob.cc },
          targets: ob.targets,
          ladder: ob.ladder.map((s) => ({ step: s.step, key: s.key, at: s.at })),
        }));
        return console.log(JSON.stringify(rows, null, 2));
      }
      warn(loaded);
      const table = new Table({
        head: ['编号', '任务', '单位', '报送事项', '截止', '报送至'],
        style: { head: [], border: [] },
        chars: COMPACT,
      });
      for (const ob of list)
        table.push([ob.id, ob.task, ob.unit, ob.duty, day(ob.due), [...ob.to, ...ob.cc.map((c) => `抄送 ${c}`)].join('、')]);
      console.log(table.toString());
      console.log(`共 ${list.length} 项`);
    });

  addDraftCommands(plan);
  return plan;
}

function summary(l: LoadedPlan): string {
  const p = l.plan;
  const units = new Set(l.obligations.map((o) => o.unit));
  const lines = [
    `方案：${p.title}（${p.id}，${p.year} 年度）`,
    `发文：${p.issuer} ${p.issued}${l.rebasedFrom ? `（由 ${l.rebasedFrom} 年度方案换算）` : ''}`,
    `任务组 ${p.groups.length} 个，任务 ${p.tasks.length} 项，涉及单位 ${units.size} 个，报送事项 ${l.obligations.length} 项`,
  ];
  const series = p.tasks.flatMap((t) => t.duties.filter((d) => d.series).map((d) => `${t.no}.${d.series}`));
  if (series.length) lines.push(`其中周期性报送事项 ${new Set(series).size} 项，按周期展开为 ${series.length} 个轮次`);
  lines.push('按截止时间：');
  const rounds = new Map<string, { due: string; task: number; duty: string; n: number }>();
  for (const o of l.obligations) {
    const r = rounds.get(o.round) ?? { due: o.due, task: o.task, duty: o.duty, n: 0 };
    r.n++;
    rounds.set(o.round, r);
  }
  const byDue = new Map<string, typeof rounds extends Map<string, infer R> ? R[] : never>();
  for (const r of rounds.values()) byDue.set(r.due, [...(byDue.get(r.due) ?? []), r]);
  for (const due of [...byDue.keys()].sort()) {
    const rs = byDue.get(due)!;
    const total = rs.reduce((s, r) => s + r.n, 0);
    lines.push(`  ${day(due)}  共 ${total} 项`);
    for (const r of rs.sort((a, b) => a.task - b.task)) lines.push(`      任务${r.task} ${r.duty}：${r.n} 项`);
  }
  lines.push(`考核计分规则${p.scoring ? '' : '（未规定，按默认）'}：${describeRules(scoringRules(p.scoring)).join('；')}`);
  for (const w of l.warnings) lines.push(`警告：${w.zh}`);
  lines.push('校验通过。');
  return lines.join('\n');
}

function warn(l: LoadedPlan): void {
  for (const w of l.warnings) console.error(`警告：${w.zh}`);
  if (l.rebasedFrom) console.error(`提示：方案已由 ${l.rebasedFrom} 年度换算到 ${l.plan.year} 年度`);
}

function day(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return `${d.toFormat('yyyy-MM-dd')}（${WEEKDAY[d.weekday]}）`;
}
