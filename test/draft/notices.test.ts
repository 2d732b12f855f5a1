// The drafter on notices written in other shapes than Jiangmen's (test/fixtures/notices): 责任单位 lines,
// a 台账 table (flattened in text, and as a real table in .docx), a cover notice with quarterly and monthly
// duties, brackets with 牵头/配合 in traditional characters, broken and missing dates, and a saved web page.
// Each draft is checked field by field against its expected draft (<notice>.expected.json).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { parse } from 'yaml';
import { readNotice } from '../../client/notice/read';
import { Draft, draftPlan } from '../../domain/draft/draft';
import { renderPlan } from '../../domain/draft/render';
import { buildDirectory } from '../../domain/plan/directory';
import { loadPlan } from '../../domain/plan/load';
import { directorySchema } from '../../domain/plan/schema';
import { readYaml, validate } from '../../domain/plan/yaml-source';

const DIR = 'test/fixtures/notices';
const directoryText = fs.readFileSync(`${DIR}/directory.yaml`, 'utf8');
const dirSrc = readYaml(directoryText, `${DIR}/directory.yaml`);
const directory = buildDirectory(validate(dirSrc, directorySchema), dirSrc);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-notices-'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
const pick = (o: Obj, ks: string[]) => Object.fromEntries(ks.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

/** The fields the expected drafts pin down. */
function summary(d: Draft): Obj {
  return {
    title: d.plan.title,
    issued: d.plan.issued,
    supervisor: d.plan.supervisor,
    groups: d.plan.groups.map((g) => [g.id, g.title]),
    tasks: d.plan.tasks.map((t) => ({
      ...pick(t, ['no', 'group', 'title', 'responsible', 'implementing']),
      duties: t.duties.map((x) => pick(x, ['id', 'what', 'from', 'to', 'due'])),
      targets: t.targets.map((x) => pick(x, ['label', 'value', 'unit', 'comparator'])),
    })),
    review: d.review.map((r) => `${r.kind}@${r.line}`),
  };
}

/** Every difference, one line each ("tasks[2].duties[0].due: expected …, drafted …"). */
function differences(expected: unknown, actual: unknown, at = ''): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out = expected.flatMap((e, i) => (i < actual.length ? differences(e, actual[i], `${at}[${i}]`) : [`${at}[${i}]: missing`]));
    return [...out, ...actual.slice(expected.length).map((a, i) => `${at}[${expected.length + i}]: extra ${JSON.stringify(a)}`)];
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) => differences((expected as Obj)[k], (actual as Obj)[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
    ? []
    : [`${at}: expected ${JSON.stringify(expected)}, drafted ${JSON.stringify(actual)}`];
}

async function draft(file: string): Promise<Draft> {
  return draftPlan(await readNotice(file), { directory, directoryFile: 'directory.yaml' });
}

function expectDraft(name: string, d: Draft, opts: { ignoreReviewLines?: boolean } = {}): void {
  const expected = JSON.parse(fs.readFileSync(`${DIR}/${name}.expected.json`, 'utf8'));
  const actual = summary(d);
  if (opts.ignoreReviewLines) {
    expected.review = expected.review.map((r: string) => r.split('@')[0]);
    actual.review = actual.review.map((r: string) => r.split('@')[0]);
  }
  const diff = differences(expected, actual);
  for (const x of diff) console.log(`${name}: ${x}`);
  expect(diff).toEqual([]);
}

/** plan check's own loader on the rendered draft, after the person's settlements (text replacements). */
function check(d: Draft, settle: [string, string][] = []): void {
  let text = renderPlan(d);
  for (const [a, b] of settle) text = text.split(a).join(b);
  const planFile = path.join(work, 'plan.yaml');
  fs.writeFileSync(planFile, text);
  expect(() => loadPlan({ file: planFile, text }, { file: `${DIR}/directory.yaml`, text: directoryText })).not.toThrow();
}

test('a notice with 责任单位 / 配合单位 lines, numbering restarting per group', async () => {
  const d = await draft(`${DIR}/duty-lines.txt`);
  expectDraft('duty-lines', d);
  check(d);
});

test('the same notice as a saved web page: the article, not the menus', async () => {
  const d = await draft(`${DIR}/duty-lines.html`);
  expectDraft('duty-lines', d, { ignoreReviewLines: true });
  expect(d.plan.tasks.map((t) => t.text).join('')).not.toMatch(/首页|政务公开|网站地图|主办单位/);
});

test('a 台账 flattened to one cell per line, with a quarterly duty in the cover notice', async () => {
  const d = await draft(`${DIR}/ledger-flat.txt`);
  expectDraft('ledger-flat', d);
  check(d);
});

test('the same 台账 as a table in a .docx', async () => {
  const text = fs.readFileSync(`${DIR}/ledger-flat.txt`, 'utf8').trim().split('\n');
  const start = text.indexOf('序号');
  const cells = text.slice(start);
  const rows: TableRow[] = [];
  for (let i = 0; i < cells.length; i += 5)
    rows.push(new TableRow({ children: cells.slice(i, i + 5).map((c) => new TableCell({ children: [new Paragraph({ text: c })] })) }));
  const doc = new Document({
    sections: [{ children: [...text.slice(0, start).map((t) => new Paragraph({ text: t })), new Table({ rows })] }],
  });
  const file = path.join(work, 'ledger.docx');
  fs.writeFileSync(file, await Packer.toBuffer(doc));
  const lines = await readNotice(file);
  expect(lines.find((l) => l.text.startsWith('1\t'))?.text).toBe(
    '1\t开展行政规范性文件清理\t市司法局、市政府办公室牵头，各县(市、区)政府配合\t张某\t2024年9月30日前',
  );
  expectDraft('ledger-flat', await draft(file), { ignoreReviewLines: true });
});

test('a cover notice with quarterly and monthly duties for every 责任单位, and a half-yearly one', async () => {
  const d = await draft(`${DIR}/cover-recurring.txt`);
  expectDraft('cover-recurring', d);
  check(d);
});

test('brackets with 牵头 / 配合 in traditional characters, a county prefix left out, several dates in one sentence', async () => {
  const d = await draft(`${DIR}/brackets-roles.txt`);
  expectDraft('brackets-roles', d);
  expect(d.plan.tasks[2].duties[0].vague).toEqual({ wording: '5月中旬', default: '5月20日' });
  check(d);
});

test('broken and missing dates are flagged, never guessed', async () => {
  const d = await draft(`${DIR}/broken-dates.txt`);
  expectDraft('broken-dates', d);
  const zh = d.review.map((r) => r.zh);
  expect(zh).toContain('任务1：日期“615日”看似残缺，请核对原文（暂按年底 2024-12-31）');
  expect(zh).toContain('单位“市应急局”不在单位名录中，是否指“市应急管理局”？');
  expect(d.plan.tasks[3].vague).toEqual([{ wording: '长期坚持', default: '未规定时限：按年底（2024-12-31）报送年度落实情况' }]);
  // Settled: the unit named as the directory names it, the early deadline moved after the issue date.
  check(d, [
    ['市应急局', '市应急管理局'],
    ['due: 2024-03-31', 'due: 2024-06-30'],
  ]);
});

test('a notice that names its units only as the subjects of its sentences', async () => {
  const d = await draft(`${DIR}/subjects.txt`);
  expectDraft('subjects', d);
  expect(d.review.map((r) => r.zh)).toEqual(['单位“应急局”不在单位名录中，是否指“市应急管理局”？']);
  check(d, [['应急局]', '市应急管理局]']]);
});

test('three levels: headings without units, a paragraph ending in its units, a bracketed 责任单位 line, a section of a unit', async () => {
  const d = await draft(`${DIR}/three-levels.txt`);
  expectDraft('three-levels', d);
  // 市司法局行政复议科 is 市司法局; the group words the directory lacks are listed.
  expect(d.plan.tasks[0].duties[1].to).toEqual(['市司法局']);
  expect(d.unknownUnits.map((u) => [u.name, u.group])).toEqual([
    ['各县(市、区)司法局', true],
    ['各县(市、区)', true],
  ]);
});

test('a notice in articles (第一条 …) signed at its end, its units the subjects of its sentences', async () => {
  const d = await draft(`${DIR}/articles.txt`);
  expectDraft('articles', d);
  expect(d.plan.issuer).toBe('江门市人民政府办公室');
  expect(d.plan.tasks[2].duties[0].to).toEqual(['江门市人民政府']); // 报市人民政府, the issuer's city
  check(d);
});

test('a file over 20 MB or of an unknown kind is refused in Chinese', async () => {
  const big = path.join(work, 'big.txt');
  fs.writeFileSync(big, Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
  await expect(readNotice(big)).rejects.toThrow(`通知文件 ${big} 超过 20 MB，不予读取`);
  const odd = path.join(work, 'notice.rtf');
  fs.writeFileSync(odd, 'x');
  await expect(readNotice(odd)).rejects.toThrow('不支持的通知文件类型“.rtf”：请使用 .txt、.docx、.pdf 或 .html');
});

test('a GB18030 text file reads like its UTF-8 copy', async () => {
  const utf8 = fs.readFileSync(`${DIR}/duty-lines.txt`, 'utf8');
  const gb = path.join(work, 'gb.txt');
  fs.writeFileSync(gb, encodeGb18030(utf8));
  expect((await readNotice(gb)).map((l) => l.text)).toEqual(utf8.split('\n'));
});

/** GB18030 bytes by inverting the decoder over the characters used (Node has no GB18030 encoder). */
function encodeGb18030(s: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const map = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && !map.has(ch)) map.set(ch, [a, b]);
    }
  return Buffer.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : (map.get(c) ?? []))));
}
