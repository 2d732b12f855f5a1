// Acceptance: the shipped Jiangmen notice, as text, as a Word file and as a PDF, drafts to the shipped plan
// (plans/jiangmen-2024.yaml) in groups, tasks, units, every dated duty and every target.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { parse, parseDocument } from 'yaml';
import { readNotice } from '../../client/notice/read';
import { draftPlan } from '../../domain/draft/draft';
import { renderPlan } from '../../domain/draft/render';
import { buildDirectory } from '../../domain/plan/directory';
import { loadPlan } from '../../domain/plan/load';
import { directorySchema } from '../../domain/plan/schema';
import { readYaml, validate } from '../../domain/plan/yaml-source';
import { planDifferences } from './compare';
import { duban } from '../helpers/processes';

const NOTICE = 'plans/sources/plan-notice-jiangmen-2024.txt';
const directoryText = fs.readFileSync('plans/directory.yaml', 'utf8');
const dirSrc = readYaml(directoryText, 'plans/directory.yaml');
const directory = buildDirectory(validate(dirSrc, directorySchema), dirSrc);
const shipped = parse(fs.readFileSync('plans/jiangmen-2024.yaml', 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-draft-'));

async function draftOf(file: string): Promise<{ text: string; differences: string[] }> {
  const draft = draftPlan(await readNotice(file), { directory, id: 'jiangmen-2024', directoryFile: 'directory.yaml' });
  const text = renderPlan(draft);
  const differences = planDifferences(shipped, parse(text));
  for (const d of differences) console.log(`${path.basename(file)}: ${d}`);
  return { text, differences };
}

test('the notice text drafts to the shipped plan, item by item', async () => {
  const { text, differences } = await draftOf(NOTICE);
  expect(differences).toEqual([]);
  // plan check accepts the draft as it is, and it expands to the shipped plan's 439 obligations less none.
  const loaded = loadPlan({ file: 'draft.yaml', text }, { file: 'plans/directory.yaml', text: directoryText });
  expect(loaded.obligations).toHaveLength(439);
});

test('every drafted field names its notice line in a comment that survives a round trip', async () => {
  const { text } = await draftOf(NOTICE);
  expect(text).toContain('  - no: 14  # 第28行');
  expect(text).toContain('      - id: may  # 第28行');
  expect(text).toContain('        due: 2024-05-31  # 5月底');
  expect(text).toContain('issued: 2024-05-15  # 第4行');
  const round = parseDocument(text).toString({ lineWidth: 0 });
  for (const c of ['# 第28行', '# 第4行', '# 第16行', '# 5月底']) expect(round).toContain(c);
  expect(parse(round)).toEqual(parse(text));
});

test('the same notice saved as .docx and as .pdf drafts to the same plan', async () => {
  const lines = fs
    .readFileSync(NOTICE, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const docx = path.join(work, 'jiangmen.docx');
  fs.writeFileSync(docx, await Packer.toBuffer(new Document({ sections: [{ children: lines.map((t) => new Paragraph({ text: t })) }] })));
  const fromDocx = await draftOf(docx);
  expect(fromDocx.differences).toEqual([]);

  execFileSync('soffice', [`-env:UserInstallation=file://${work}/lo`, '--headless', '--convert-to', 'pdf', '--outdir', work, docx], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  // The PDF through the command a user runs (pdf.js loads its worker by a dynamic import jest's VM lacks).
  const out = path.join(work, 'jiangmen-2024.yaml');
  fs.writeFileSync(path.join(work, 'directory.yaml'), directoryText);
  const r = await duban(
    ['plan', 'draft', path.join(work, 'jiangmen.pdf'), '--directory', path.join(work, 'directory.yaml'), '--out', out],
    {},
  );
  expect(r.code).toBe(1); // three points to settle, as for the text
  const fromPdf = parse(fs.readFileSync(out, 'utf8'));
  const differences = planDifferences(shipped, fromPdf);
  for (const d of differences) console.log(`jiangmen.pdf: ${d}`);
  expect(differences).toEqual([]);
  const fromText = parse((await draftOf(NOTICE)).text);
  expect({ ...fromPdf, source: undefined }).toEqual({ ...fromText, source: undefined });
});
