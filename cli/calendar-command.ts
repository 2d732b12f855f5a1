// `duban calendar check|apply`: the office's holiday arrangements (节假日安排) in calendar.yaml beside the directory.
import { Command } from 'commander';
import { daysOf } from '../domain/calendar/holidays';
import {
  calendarFileFor,
  packageCovers,
  readCalendarFromDisk,
  runningObligationsOf,
  signalArrangements,
} from '../client/calendar/holiday-operations';
import { resolvePlan } from '../client/plan-runs';
import { withClient } from '../client/temporal-client';
import { AppError } from '../client/errors';
import { directoryFile } from '../config/directory-file';

export function calendarCommand(): Command {
  const cmd = new Command('calendar').description('节假日安排：在目录旁的 calendar.yaml 中记录国务院公布的放假和调休上班日期');
  cmd
    .command('check')
    .description('校验节假日安排文件，并列出各年度的放假天数和调休上班日')
    .option('--directory <file>', '单位目录文件，节假日安排文件在其旁（默认 DUBAN_DIRECTORY 或 plans/directory.yaml）')
    .action((o: { directory?: string }) => {
      const file = calendarFileFor(o.directory ?? directoryFile());
      const years = readCalendarFromDisk(file);
      if (years.length === 0) throw new AppError(`没有节假日安排文件 ${file}`);
      for (const a of years) {
        const on = daysOf(a.year, a.workdays);
        console.log(
          `${a.year} 年：放假 ${daysOf(a.year, a.holidays).length} 天，调休上班 ${on.length} 天${on.length ? `（${on.join('、')}）` : ''}` +
            (packageCovers(a.year) ? '；优先于自带日历数据' : ''),
        );
      }
      console.log(`${file} 校验通过。`);
    });
  cmd
    .command('apply')
    .description('把节假日安排告知正在运行的报送事项：尚未发出的提醒和催办按新的安排重新排期')
    .option('--plan <id>', '方案编号（只有一个方案在运行时可省略）')
    .option('--directory <file>', '单位目录文件，节假日安排文件在其旁（默认 DUBAN_DIRECTORY 或 plans/directory.yaml）')
    .action(async (o: { plan?: string; directory?: string }) => {
      const file = calendarFileFor(o.directory ?? directoryFile());
      const years = readCalendarFromDisk(file);
      if (years.length === 0) throw new AppError(`没有节假日安排文件 ${file}`);
      await withClient(async (client) => {
        const plan = await resolvePlan(client, o.plan);
        const ids = await runningObligationsOf(client, plan);
        const told = await signalArrangements(client, ids, years);
        console.log(`已把 ${years.map((a) => a.year).join('、')} 年的节假日安排告知方案 ${plan} 的 ${told} 项报送事项`);
      });
    });
  return cmd;
}
