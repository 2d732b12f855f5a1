// `duban doc <kind> <id> [--out file]`: writes the office's 公文 (GB/T 9704-2012, .docx) for an obligation, a round
// or the plan, numbered in duban's store (the same number when asked again for the same document).
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { DOCUMENT_KINDS, DOCUMENT_SUBJECT, documentKind, issueDocument, withDocumentIssuer } from '../client/documents';
import { withClient } from '../client/temporal-client';
import { AppError } from '../client/errors';

const kinds = (Object.keys(DOCUMENT_KINDS) as (keyof typeof DOCUMENT_KINDS)[])
  .map((k) => `${DOCUMENT_KINDS[k]}（${k}，按${DOCUMENT_SUBJECT[k]}）`)
  .join('、');

export function docCommand(): Command {
  return new Command('doc')
    .description('生成公文（Word 文档，GB/T 9704-2012 格式）：督办通知书、通报、汇总、年度总结、考核结果、回头看通知、整改通知')
    .argument('<kind>', `文书种类：${kinds}`)
    .argument('<id>', '报送事项、轮次或方案的编号')
    .option('--out <file>', '保存到该文件（默认：当前目录下以文书名称命名的 .docx）')
    .action(async (kindWord: string, id: string, o: { out?: string }) => {
      const kind = documentKind(kindWord);
      const doc = await withClient((client) => withDocumentIssuer(client, (issuer) => issueDocument(client, issuer, kind, id.trim())));
      const out = path.resolve(o.out ?? doc.fileName);
      try {
        fs.writeFileSync(out, doc.content);
      } catch (err) {
        throw new AppError(`无法写入 ${out}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      console.log(`已生成${DOCUMENT_KINDS[kind]} ${doc.number}：${out}`);
    });
}
