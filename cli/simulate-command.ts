// `duban simulate <plan>`: the whole plan year on the time-skipping test server, printed as the notices
// that would go out (JSON with --json, a readable timeline otherwise).
import fs from 'node:fs';
import { Command } from 'commander';
import { loadPlanFromDisk } from '../client/plan-files';
import { readCast } from '../simulation/cast';
import type { SimulationResult } from '../simulation/run';
import { AppError } from '../client/errors';
import { yearOption } from './options';
import { STEP_ZH } from '../domain/notices/step-labels';
import { LADDER_STEPS } from '../domain/calendar/ladder';

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('在时间跳跃测试服务器上模拟整个方案年度，列出将发出的每一条通知')
    .argument('<plan>', '方案文件')
    .option('--year <year>', '换算到另一年度', yearOption)
    .option('--directory <file>', '单位名录文件')
    .option('--cast <file>', '剧本文件：谁在何时报送、审核、延期、回头看（不给则无人报送）')
    .option('--json', '以 JSON 数组输出全部通知')
    .action(async (file: string, o) => {
      const loaded = loadPlanFromDisk(file, { directory: o.directory, year: o.year });
      let cast: ReturnType<typeof readCast> = [];
      if (o.cast) {
        let text: string;
        try {
          text = fs.readFileSync(o.cast, 'utf8');
        } catch {
          throw new AppError(`找不到文件 ${o.cast}`);
        }
        cast = readCast(text, o.cast);
      }
      // The SDK's own logs go to stderr, errors only: stdout carries nothing but the result. The worker package is
      // loaded here, not at the top: every other command starts without it.
      const { DefaultLogger, makeTelemetryFilterString, Runtime } = require('@temporalio/worker') as typeof import('@temporalio/worker');
      Runtime.install({
        logger: new DefaultLogger('ERROR', (entry) => process.stderr.write(`${entry.message}\n`)),
        telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
      });
      if (!o.json) console.error(`正在模拟 ${loaded.plan.title}（${loaded.obligations.length} 项报送事项）…`);
      // The test server's JVM boots while the simulation's modules load (other commands load neither; required
      // here, as the CLI's TypeScript runs as CommonJS).
      (require('../simulation/environment') as typeof import('../simulation/environment')).startTestServerEarly();
      const { simulate } = require('../simulation/run') as typeof import('../simulation/run');
      const result = await simulate(loaded, cast);
      if (o.json) return console.log(JSON.stringify(result.notices, null, 2));
      console.log(timeline(result));
    });
}

function timeline(r: SimulationResult): string {
  const lines = r.notices.map((n) => {
    const when = n.at.slice(0, 16).replace('T', ' ');
    // Compiled earlier than delivered (at the deadline, at year end): say as of when.
    const asOf = n.compiledAt && n.compiledAt !== n.at ? `（情况截至 ${n.compiledAt.slice(0, 16).replace('T', ' ')}）` : '';
    if (n.summary)
      return `${when}  ${n.step}  任务${n.task} ${n.round}：按时 ${n.summary.onTime.length}，逾期 ${n.summary.late.length}，未报 ${n.summary.missing.length} → ${n.to.join('、')}${asOf}`;
    if (n.step === '年度总结') return `${when}  年度总结 → ${n.to.join('、')}${asOf}`;
    return `${when}  ${STEP_ZH[n.step as keyof typeof STEP_ZH] ?? n.step}  任务${n.task} ${n.unit} → ${n.to.map((t) => t.replace(/ <.*>$/, '')).join('、')}`;
  });
  const count = (step: string) => r.notices.filter((n) => n.step === step).length;
  lines.push('');
  lines.push(
    `合计：${(['acknowledge', ...LADDER_STEPS] as const).map((s) => `${STEP_ZH[s]} ${count(s)}`).join('，')}，汇总 ${count('汇总') + count('汇总（终版）')}，年度总结 ${count('年度总结')}`,
  );
  for (const x of r.refused) lines.push(`剧本第 ${x.at} 的 ${x.action} 被拒绝：${x.reason}`);
  lines.push(`用时 ${(r.wallMs / 1000).toFixed(1)} 秒`);
  return lines.join('\n');
}
