// `duban score`: each unit's assessment score (考核得分) and rank, computed now from the plan's ledger and rules.
import { Command } from 'commander';
import Table from 'cli-table3';
import { describeRules } from '../domain/scoring/rules';
import { TIME_ZONE } from '../domain/calendar/time';
import { ESCALATION_STEPS } from '../domain/calendar/ladder';
import { STEP_ZH } from '../domain/notices/step-labels';
import { STAGE_ZH } from '../domain/obligation/state';
import { planLedgerOf, resolvePlan } from '../client/plan-runs';
import { withClient } from '../client/temporal-client';
import { planScores } from '../client/plan-scores';
import { AppError } from '../client/errors';

export function scoreCommand(): Command {
  return new Command('score')
    .description('各单位考核得分与排名（按方案的计分规则，随台账即时计算）')
    .option('--plan <id>', '方案编号（只有一个方案在运行时可省略）')
    .option('--unit <name>', '只看该单位，并列出各报送事项的得分明细')
    .option('--json', '以 JSON 输出（含计分规则与各事项明细）')
    .action(async (o: { plan?: string; unit?: string; json?: boolean }) => {
      const { plan, rules, units } = await withClient(async (client) => {
        const plan = await resolvePlan(client, o.plan);
        const { rules, units } = await planScores(client, plan, planLedgerOf(client, plan), Date.now());
        return { plan, rules, units };
      });
      const shown = o.unit ? units.filter((u) => u.unit === o.unit) : units;
      if (o.unit && shown.length === 0) throw new AppError(`方案 ${plan} 中没有单位 ${o.unit}`);
      if (o.json) return console.log(JSON.stringify({ plan, rules, units: shown }, null, 2));

      const t = new Table({
        head: ['名次', '单位', '得分', '按时', '逾期报送', '逾期未报', ...ESCALATION_STEPS.map((s) => STEP_ZH[s]), '退回', '整改'],
        style: { head: [], border: [] },
      });
      for (const u of shown) {
        const c = u.counts;
        t.push([u.rank, u.unit, u.score, c.onTime, c.late, c.missing, ...ESCALATION_STEPS.map((s) => c[s]), c.returned, c.findings]);
      }
      console.log(`方案 ${plan} 考核得分（截至 ${new Date().toLocaleString('zh-CN', { timeZone: TIME_ZONE, hour12: false })}）`);
      console.log(t.toString());
      if (o.unit) {
        const d = new Table({ head: ['任务', '报送事项', '截止', '状态', '得分', '明细'], style: { head: [], border: [] } });
        for (const s of shown[0].obligations)
          d.push([
            s.task,
            s.duty,
            s.due.slice(0, 10),
            STAGE_ZH[s.stage],
            s.points,
            s.items.map((i) => `${i.note} ${signed(i.points)}`).join('；'),
          ]);
        console.log(d.toString());
      }
      console.log(`计分规则：${describeRules(rules).join('；')}`);
    });
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
