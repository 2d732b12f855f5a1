// `duban directory import|export`: the unit directory from and to the roster (通讯录) an office keeps in Excel.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { exportRoster, importRosterFile, writeAtomically } from '../client/roster/roster-operations';
import { AppError } from '../client/errors';
import { directoryFile } from '../config/directory-file';

export function directoryCommand(): Command {
  const cmd = new Command('directory').description('单位通讯录：从 Excel 名册导入目录，或把目录导出为 Excel 名册');
  cmd
    .command('import <file>')
    .description('从通讯录（.xlsx 或 .csv）导入单位目录：写入新目录，或合并到已有目录（更新有变化的联系人）')
    .option('--sheet <name>', '工作表名称（默认第一个工作表）')
    .option('--out <file>', '目录文件（已存在则合并；默认 DUBAN_DIRECTORY 或 plans/directory.yaml）')
    .option('--prune', '删除名册中没有的单位（默认保留）')
    .option('--bureau <name>', '新目录的督办单位（默认“督办单位”类型的行，或名称含“司法局”的单位）')
    .option('--government <name>', '新目录的本级政府（默认第一个“接收机关”行）')
    .option('--parent-government <name>', '新目录的上级政府（默认第二个“接收机关”行）')
    .action(
      async (
        file: string,
        opts: { sheet?: string; out?: string; prune?: boolean; bureau?: string; government?: string; parentGovernment?: string },
      ) => {
        const o = { ...opts, out: opts.out ?? directoryFile() };
        const r = await importRosterFile(file, o);
        for (const c of r.changes) console.log(c);
        for (const n of r.notes) console.log(`提示：${n}`);
        if (!r.merged) console.log(`已写入新目录 ${o.out}：单位 ${r.file.units.length} 个，接收机关 ${r.file.recipients.length} 个`);
        else if (r.changes.length) console.log(`已合并到 ${o.out}：${r.changes.length} 处变化`);
        else console.log(`${o.out} 与名册一致，无需修改`);
      },
    );
  cmd
    .command('export')
    .description('把单位目录导出为通讯录（与导入相同的表头，可再导入）')
    .option('--directory <file>', '目录文件（默认 DUBAN_DIRECTORY 或 plans/directory.yaml）')
    .option('--xlsx <file>', '写入 Excel 工作簿（默认 通讯录.xlsx）')
    .option('--csv <file>', '写入 CSV（UTF-8）')
    .action(async (opts: { directory?: string; xlsx?: string; csv?: string }) => {
      const o = { ...opts, directory: opts.directory ?? directoryFile() };
      if (o.xlsx && o.csv) throw new AppError('--xlsx 与 --csv 只能选一个');
      const out = o.csv ?? o.xlsx ?? '通讯录.xlsx';
      if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new AppError(`目录不存在：${path.dirname(out)}`);
      const { bytes, units } = await exportRoster(o.directory, o.csv ? 'csv' : 'xlsx');
      writeAtomically(out, bytes);
      console.log(`已导出 ${units} 个单位到 ${out}`);
    });
  return cmd;
}
