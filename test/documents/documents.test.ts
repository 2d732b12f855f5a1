// Every kind of 公文 from a small ledger of the shipped plan, numbered in the embedded store and written as
// .docx: read back (its text, tables, 发文字号 and page setup) and rendered with LibreOffice (A4, pages, every
// word on the page and inside the 156 mm text block).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PureObligation } from '../helpers/pure-obligation';
import { lookBack, ledger, planFacts, rectification, round, roundRows } from '../helpers/sample-ledger';
import { attr, docxPart, docxTables, docxText, firstPagePng, Rendered, renderWithLibreOffice } from '../helpers/office';
import * as contents from '../../domain/documents/contents';
import type { DocumentKind } from '../../domain/documents/model';
import { documentKindOf } from '../../domain/documents/model';
import { abbreviationOf, documentNumber, documentSettings, documentsSchema } from '../../domain/plan/issuer-schema';
import { compile } from '../../domain/obligation/compilation';
import { annualSummary } from '../../domain/obligation/annual';
import { annualRanking, lateWorkingDays, scoreUnits } from '../../domain/scoring/score';
import { describeRules, scoringRules } from '../../domain/scoring/rules';
import { DocumentIssuer, IssuedDocument } from '../../activities/documents/issuer';
import { SqliteDocumentNumbers } from '../../store/local/document-numbers';

const AT = '2024-10-22T10:00:00+08:00';
const settings = documentSettings({ issuer: '江门市司法局', documents: { cc: ['江门市人民政府办公室', '广东省司法厅'] } });
const c = { settings, at: AT, planTitle: planFacts.title, contact: '市司法局行政执法协调监督科 0750-0000000' };
const xinhui = new PureObligation(
  round.obligations.find((o) => o.unit === '新会区')!,
  '2024-05-15T00:00:00+08:00',
).until(AT);
const units = scoreUnits(ledger, scoringRules(), Date.parse(AT));
const targets = [{ id: 'cases', label: '查处案件数', value: 10, unit: '件', comparator: 'at-least' as const }];
const withFigures = roundRows.map((r) =>
  r.unit === '开平市' && r.submission ? { ...r, submission: { ...r.submission, figures: { cases: 12 } } } : r,
);

const built: Record<DocumentKind, ReturnType<typeof contents.circular>> = {
  supervision: contents.supervisionNotice(xinhui.spec, xinhui.state, c),
  circular: contents.circular(round, roundRows, c),
  compilation: contents.compilationReport(compile(round, withFigures, 'deadline', AT, round.round), { ...round, targets }, withFigures, c),
  annual: contents.annualReport({ ...annualSummary(planFacts, ledger, AT, planFacts.plan), ranking: annualRanking(units) }, c),
  assessment: contents.assessmentReport(planFacts, units, describeRules(scoringRules()), c),
  lookback: contents.lookBackNotice(lookBack, c),
  rectification: contents.rectificationNotice(rectification, rectification, c),
};
const KINDS = Object.keys(built) as DocumentKind[];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-numbers-'));
const numbers = new SqliteDocumentNumbers(path.join(dir, 'document-numbers.db'));
const issuer = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '江门市司法局' });
const issued = {} as Record<DocumentKind, IssuedDocument>;
let rendered: Record<string, Rendered>;

/** A folder: the first page of each kind is saved there as PNG at 60 dpi (the pictures of docs/documents.md). */
const SHOTS = process.env.DUBAN_SCREENSHOTS;

beforeAll(async () => {
  for (const k of KINDS) issued[k] = await issuer.issue(built[k]);
  rendered = await renderWithLibreOffice(Object.fromEntries(KINDS.map((k) => [k, issued[k].content])));
  if (SHOTS) for (const k of KINDS) await firstPagePng(rendered[k].pdf, path.join(SHOTS, `document-${k}`));
}, 240_000);
afterAll(() => {
  numbers.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the issuer settings', () => {
  test('derived from the plan’s issuer when the plan sets none', () => {
    expect(documentSettings({ issuer: '江门市司法局' })).toEqual({
      issuer: '江门市司法局',
      mark: '江门市司法局文件',
      abbreviation: '江司督',
      numbering: '{abbr}〔{year}〕{n}号',
      cc: [],
      printedBy: '江门市司法局办公室',
    });
    expect(abbreviationOf('广东省司法厅')).toBe('广司督');
    expect(documentNumber(documentSettings({ issuer: '江门市司法局' }), 2026, 12)).toBe('江司督〔2026〕12号');
  });

  test('a plan’s own settings are validated, with Chinese messages', () => {
    const bad = documentsSchema.safeParse({ abbreviation: 'JSD', numbering: '{abbr}[{year}]{n}号', cc: [''] });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message.split('\u241e')[0]}`);
    expect(messages).toEqual(
      expect.arrayContaining(['abbreviation: 机关代字应为 1 到 8 个汉字', 'numbering: 年份应使用六角括号〔〕', 'cc.0: 不能为空']),
    );
    expect(documentsSchema.safeParse({ numbering: '{abbr}〔{year}〕号' }).error!.issues[0].message).toMatch(/须含 \{year\} 和 \{n\}/);
    const own = documentSettings({
      issuer: '江门市司法局',
      documents: documentsSchema.parse({ abbreviation: '江司函', printedBy: '江门市司法局秘书科' }),
    });
    expect(documentNumber(own, 2026, 3)).toBe('江司函〔2026〕3号');
  });

  test('a kind is named in English or in Chinese', () => {
    expect(documentKindOf('督办通知书')).toBe('supervision');
    expect(documentKindOf('回头看')).toBe('lookback');
    expect(documentKindOf('整改')).toBe('rectification');
    expect(documentKindOf('考核')).toBe('assessment');
    expect(documentKindOf('circular')).toBe('circular');
    expect(documentKindOf('请示')).toBeUndefined();
  });
});

describe('numbers', () => {
  test('each document has its own consecutive number; asking again gives the same', async () => {
    expect(KINDS.map((k) => issued[k].number)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `江司督〔2024〕${n}号`));
    expect((await issuer.issue(built.circular)).number).toBe('江司督〔2024〕2号');
  });
});

describe.each(KINDS)('%s', (kind) => {
  test('page setup of GB/T 9704-2012 in the section: A4, margins of a 156 × 225 mm block, 22 lines', async () => {
    const xml = await docxPart(issued[kind].content, 'word/document.xml');
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(xml)![0];
    expect([attr(sect, 'w:pgSz', 'w:w'), attr(sect, 'w:pgSz', 'w:h')]).toEqual(['11906', '16838']);
    const mm = (twips: string | undefined) => Math.round((Number(twips) * 25.4) / 1440);
    expect(['w:top', 'w:left', 'w:right', 'w:bottom'].map((m) => mm(attr(sect, 'w:pgMar', m)))).toEqual([37, 28, 26, 35]);
    // 22 lines in 225 mm: each line 579 twips.
    expect(attr(sect, 'w:docGrid', 'w:linePitch')).toBe('579');
    expect(Math.floor((225 * 1440) / 25.4 / Number(attr(sect, 'w:docGrid', 'w:linePitch')))).toBe(22);
    // Outer-side page numbers: odd and even footers, both "— PAGE —" in 4号 (14 pt).
    expect(attr(sect, 'w:footerReference', 'w:type')).toBe('default');
    expect(sect).toContain('w:type="even"');
    const settingsXml = await docxPart(issued[kind].content, 'word/settings.xml');
    expect(settingsXml).toContain('<w:evenAndOddHeaders');
    const footer = await docxPart(issued[kind].content, 'word/footer1.xml');
    expect(footer).toMatch(/— <\/w:t>[\s\S]*PAGE[\s\S]* —<\/w:t>/);
    expect(attr(footer, 'w:sz', 'w:val')).toBe('28');
  });

  test('版头 and 版记: the red mark and separator, the number, title, fonts, signature, date in Arabic numerals, 抄送 and 印发', async () => {
    const doc = issued[kind];
    const text = await docxText(doc.content);
    const lines = text.split('\n');
    expect(lines[0]).toBe('江门市司法局文件');
    expect(lines).toContain(doc.number);
    expect(text).toContain(built[kind].title);
    expect(lines).toContain(built[kind].addressee);
    expect(lines).toContain('江门市司法局');
    expect(lines).toContain('2024年10月22日');
    expect(lines).toContain('抄送：江门市人民政府办公室，广东省司法厅。');
    expect(lines.at(-1)).toBe('江门市司法局办公室\t2024年10月22日印发');
    const xml = await docxPart(doc.content, 'word/document.xml');
    expect(xml).toMatch(/<w:color w:val="FF0000"\/>[\s\S]*?<w:t[^>]*>江门市司法局文件</);
    expect(xml).toMatch(new RegExp(`<w:bottom [^>]*w:color="FF0000"[^>]*/>[\\s\\S]*?${doc.number}`));
    // Title 2号 (22 pt) 方正小标宋简体; body 3号 (16 pt) 仿宋_GB2312; headings 黑体.
    expect(xml).toMatch(new RegExp(`w:eastAsia="方正小标宋简体"[^]*?<w:sz w:val="44"/>[^]*?${built[kind].title.slice(0, 8)}`));
    expect(xml).toMatch(/w:eastAsia="仿宋_GB2312"[^]*?<w:sz w:val="32"\/>/);
    if (built[kind].body.some((b) => b.kind === 'heading1')) expect(xml).toMatch(/w:eastAsia="黑体"[^]*?<w:sz w:val="32"\/>[^]*?一、/);
    // 附件说明 names every attachment, each of which starts a page headed 附件 / 附件N.
    const atts = built[kind].attachments;
    if (atts.length === 1) expect(lines).toContain(`附件：${atts[0].title}`);
    atts.forEach((a, i) => {
      if (atts.length > 1) expect(text).toContain(`${i + 1}. ${a.title}`);
      expect(lines).toContain(atts.length > 1 ? `附件${i + 1}` : '附件');
    });
  });

  test('renders with LibreOffice on A4, every word on the page and inside the text block', () => {
    const r = rendered[kind];
    expect(r.pages.length).toBeGreaterThan(0);
    const pt = (mm: number) => (mm * 72) / 25.4;
    for (const p of r.pages) {
      expect([Math.round(p.width), Math.round(p.height)]).toEqual([595, 842]);
      for (const w of p.words) {
        expect(w.yMin).toBeGreaterThanOrEqual(0);
        expect(w.yMax).toBeLessThanOrEqual(p.height);
        // Left edge of the block at 28 mm, right edge at 184 mm (1 pt of rounding); a line may end in a punctuation
        // mark hanging into the margin by at most one character (标点溢出边界, on by default in Word too).
        expect(w.xMin).toBeGreaterThanOrEqual(pt(28) - 1);
        const hangs = /[，。、；：？！）》”]$/.test(w.text);
        expect({ word: w.text, right: w.xMax <= pt(28 + 156) + (hangs ? 16 : 0) + 1 }).toEqual({ word: w.text, right: true });
      }
    }
    const numbers = r.pages.map((p) => p.words.filter((w) => /^\d+$/.test(w.text) && w.yMin > pt(297 - 35)).map((w) => w.text));
    expect(numbers).toEqual(r.pages.map((_, i) => [String(i + 1)]));
    const all = r.pages.flatMap((p) => p.words.map((w) => w.text)).join('');
    expect(all).toContain(issued[kind].number.replace(/号$/, ''));
  });
});

describe('what each document says', () => {
  test('督办通知书: the unit, task, duty, deadline, working days overdue, what is required by when', async () => {
    const doc = issued.supervision;
    const text = await docxText(doc.content);
    expect(text).toContain('新会区：');
    const late = lateWorkingDays(xinhui.state.due, Date.parse(AT));
    expect(late).toBe(2);
    expect(text).toContain(`该事项已逾期${late}个工作日`);
    expect(text).toMatch(/于2024年10月25日前通过报送平台报送/); // three working days after 10月22日
    const [table] = await docxTables(doc.content);
    expect(table).toEqual([
      ['项目', '内容'],
      ['任务', `任务15 ${round.taskTitle}`],
      ['报送事项', round.duty],
      ['截止时间', '2024年10月20日'],
      ['逾期工作日', '2'],
      ['已采取措施', contents.escalationHistory(xinhui.state.timeline)],
    ]);
    expect(table[5][1]).toMatch(/催办（10月21日）$/);
  });

  test('通报: only the units still missing after their deadline, with the rungs they reached', async () => {
    const [table] = await docxTables(issued.circular.content);
    expect(table.slice(1)).toEqual([['1', '新会区', '2024年10月20日', '2', '催办']]);
    expect(await docxText(issued.circular.content)).toContain('应报4个单位，已报送3个，逾期未报1个');
  });

  test('汇总: each unit’s status, 签收 and submission, the returned and extended, figures against targets', async () => {
    const [status, figures] = await docxTables(issued.compilation.content);
    expect(status.slice(1).map((r) => [r[1], r[2], r[3], r[5], r[6]])).toEqual([
      ['开平市', '已办结', '按时报送', '2024年10月18日', '—'],
      ['台山市', '已报送', '逾期报送', '2024年10月21日', '—'],
      ['鹤山市', '退回', '未报送', '2024年10月19日', '延期至2024年11月8日；曾退回'],
      ['新会区', '逾期', '未报送', '—', '—'],
      ['恩平市', '已撤销', '已撤销', '—', '—'],
    ]);
    expect(figures.slice(1)).toEqual([
      ['开平市', '查处案件数', '12', '不少于10件', '达标'],
      ['台山市', '查处案件数', '未报', '不少于10件', '未达标'],
      ['鹤山市', '查处案件数', '未报', '不少于10件', '未达标'],
      ['新会区', '查处案件数', '未报', '不少于10件', '未达标'],
    ]);
    expect(await docxText(issued.compilation.content)).toContain(
      '应报4个单位，按时报送1个，逾期报送1个，未报送2个，撤销1个；经退回重报1个，延期1个。',
    );
  });

  test('年度总结 and 考核结果: the ranking with each unit’s breakdown', async () => {
    const ranking = (await docxTables(issued.assessment.content))[0];
    expect(ranking.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(units.map((u) => [String(u.rank), u.unit, String(u.score)]));
    const text = await docxText(issued.assessment.content);
    for (const u of units) expect(text).toContain(`（${u.rank}）${u.unit}：${u.score}分`);
    const annualTables = await docxTables(issued.annual.content);
    expect(
      annualTables
        .at(-1)!
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(units.map((u) => u.unit));
    expect(await docxText(issued.annual.content)).toMatch(new RegExp(`全年共有报送事项${ledger.length}项`));
  });

  test('回头看 and 整改 notices: to whom, what, by when', async () => {
    const lb = await docxText(issued.lookback.content);
    expect(lb).toContain('台山市：');
    expect(lb).toContain('于2024年12月20日前通过报送平台报送“回头看”情况');
    const zg = await docxText(issued.rectification.content);
    expect(zg).toContain('开平市：');
    expect(zg).toContain('台账不全。');
    expect(zg).toContain('于2024年12月1日前完成整改');
  });
});
