// `duban plan draft <notice>` and `duban plan diff a.yaml b.yaml`.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { buildDirectory, Directory } from '../domain/plan/directory';
import { directorySchema } from '../domain/plan/schema';
import { readYaml, validate } from '../domain/plan/yaml-source';
import { diffPlans } from '../domain/draft/diff';
import { AppError } from '../client/errors';
import { yearOption } from './options';

/** Ends the command with this exit status (after its output), without an error message. */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError(`无法读取文件 ${file}`);
  }
}

const rel = (from: string, to: string) =>
  path
    .relative(path.dirname(path.resolve(from)), path.resolve(to))
    .split(path.sep)
    .join('/');

export function addDraftCommands(plan: Command): void {
  plan
    .command('draft <notice>')
    .description('从通知原文（.txt/.docx/.pdf/.html）起草方案文件，并列出需人工确认的事项（有待确认事项时退出码为 1）')
    .option('--directory <file>', '单位名录文件，用于匹配通知中的单位名称')
    .option('--year <year>', '方案年度（默认取通知标题中的年份）', yearOption)
    .option('--out <file>', '写入方案文件（默认输出到标准输出）')
    .option('--directory-out <file>', '写入名录草稿：原名录加上通知中未知的单位（联系人留空）')
    .action(async (notice: string, o: { directory?: string; year?: number; out?: string; directoryOut?: string }) => {
      // Loaded here, not at start-up: the readers and the character tables cost every other command time.
      const { draftPlan } = require('../domain/draft/draft') as typeof import('../domain/draft/draft');
      const { renderPlan, renderReview } = require('../domain/draft/render') as typeof import('../domain/draft/render');
      const { draftDirectory } = require('../domain/draft/directory-out') as typeof import('../domain/draft/directory-out');
      const { readNotice } = require('../client/notice/read') as typeof import('../client/notice/read');
      let directory: Directory | undefined;
      let baseText: string | undefined;
      if (o.directory) {
        baseText = readText(o.directory);
        const src = readYaml(baseText, o.directory);
        directory = buildDirectory(validate(src, directorySchema), src);
      }
      const lines = await readNotice(notice);
      const base = o.out ? path.basename(o.out).replace(/\.ya?ml$/i, '') : '';
      const dirFile = o.directoryOut ?? o.directory;
      const draft = draftPlan(lines, {
        directory,
        year: o.year,
        ...(/^[a-z][a-z0-9-]*$/.test(base) ? { id: base } : {}),
        ...(o.out ? { source: rel(o.out, notice) } : {}),
        ...(o.out && dirFile ? { directoryFile: rel(o.out, dirFile) } : {}),
      });
      const yaml = renderPlan(draft, [
        `${draft.plan.title}：由 duban plan draft 根据 ${path.basename(notice)} 起草。`,
        '“# 第N行”指通知原文的行号；vague 记录通知含糊之处及所取默认值。请逐项核对后运行 duban plan check。',
      ]);
      const review = renderReview(draft);
      if (o.out) {
        fs.writeFileSync(o.out, yaml);
        review.unshift(`已写入方案草稿 ${o.out}`);
      } else process.stdout.write(yaml);
      if (o.directoryOut) {
        fs.writeFileSync(o.directoryOut, draftDirectory(draft.unknownUnits, draft.plan, baseText));
        review.push(`已写入名录草稿 ${o.directoryOut}（新增 ${draft.unknownUnits.length} 个单位或分组，联系人待填写）`);
      }
      (o.out ? console.log : console.error)(review.join('\n'));
      if (draft.review.length) throw new ExitStatus(1);
    });

  plan
    .command('diff <a> <b>')
    .description('比较两个方案文件的任务、单位、报送事项、日期和量化指标（相同退出码 0，不同退出码 1）')
    .action((a: string, b: string) => {
      const read = (f: string) => {
        const doc = parseDocument(readText(f));
        if (doc.errors.length) throw new AppError(`${f}:${doc.errors[0].linePos?.[0].line ?? ''} YAML 语法错误`);
        return doc.toJS();
      };
      const lines = diffPlans(read(a), read(b));
      if (lines.length === 0) return console.log('两个方案文件内容相同（格式、注释和单位顺序不计）。');
      console.log(`两个方案文件有 ${lines.length} 处不同（${a} → ${b}）：`);
      for (const l of lines) console.log(`  ${l}`);
      throw new ExitStatus(1);
    });
}
