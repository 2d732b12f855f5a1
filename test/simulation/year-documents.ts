// Every 公文 of the simulated 2024 year of the shipped plan, from that year's ledger: the 督办通知书 of the May
// report of the unit that stayed silent up to 通报, the May round's 通报 and 汇总, the 回头看 notice and the 整改
// notice the sample cast started, the 年度总结 and the 考核结果. Each is built as the worker and `duban doc`
// build it (domain/documents/contents.ts), dated at its step of the year, numbered in a fresh store, read back
// against the ledger and rendered with LibreOffice. Runs inside test/simulation/year-2024.test.ts, on its year.
// The simulation's worker has stopped by then, so nothing is queried: the rungs come from the year's notices, the
// 回头看 round and the 整改 obligation from their rows in the ledger, the settings from the plan's memo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SimulationResult } from '../../simulation/run';
import * as contents from '../../domain/documents/contents';
import { DocumentKind } from '../../domain/documents/model';
import { compile } from '../../domain/obligation/compilation';
import { isOwing } from '../../domain/obligation/state';
import { planRunSpec } from '../../domain/obligation/spec';
import { DEFAULT_SCORING, describeRules } from '../../domain/scoring/rules';
import { lateWorkingDays, scoreUnits } from '../../domain/scoring/score';
import { DocumentIssuer, IssuedDocument, PlanDocuments } from '../../activities/documents/issuer';
import { SqliteDocumentNumbers } from '../../store/local/document-numbers';
import { loadShipped } from '../helpers/plan-files';
import { docxTables, docxText, Rendered, renderWithLibreOffice } from '../helpers/office';

const PLAN = 'jiangmen-2024';
const MAY = `${PLAN}.t14.may`;
const SILENT = `${MAY}.slj`; // 市水利局: never reports, 提醒 ×3, 催办, 督办 on 2024-06-05, 通报 on 2024-06-12
const LOOK_BACK = `${MAY}.lb1`;
const FINDING = `${PLAN}.t14.may-lb1-zg.jtysj`;
const YEAR_END = '2024-12-31T23:59:59+08:00';
// The 考核结果 is issued once the year's ladders have run out (the year-end duties escalate into January).
const ASSESSED = '2025-01-20T10:00:00+08:00';

export function yearDocumentTests(year: () => { env: TestWorkflowEnvironment; r: SimulationResult }): void {
  describe('the year’s 公文, from its ledger', () => {
    const issued = {} as Record<DocumentKind, IssuedDocument>;
    const text = {} as Record<DocumentKind, string>;
    let rendered: Record<string, Rendered>;
    let memo: PlanDocuments;
    let dir: string;
    let numbers: SqliteDocumentNumbers;
    const timing: Record<string, number> = {};
    const stepAt = (obligation: string, step: string) => year().r.notices.find((n) => n.obligation === obligation && n.step === step)!.at;

    beforeAll(async () => {
      const t0 = Date.now();
      const { env, r } = year();
      const shipped = planRunSpec(loadShipped());
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-year-docs-'));
      numbers = new SqliteDocumentNumbers(path.join(dir, 'document-numbers.db'));
      // The plan's document settings as its workflow's memo keeps them; numbered in a store of this year only.
      memo = await new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '未设置', temporal: () => env.client }).planDocuments(PLAN);
      const issuer = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '未设置' });
      const at = (iso: string) => ({ settings: memo.settings, at: iso, planTitle: memo.title });

      const may = shipped.rounds.find((x) => x.round === MAY)!;
      const mayRows = r.ledger.filter((s) => s.id.startsWith(`${MAY}.`));
      const supervisionAt = stepAt(SILENT, '督办');
      const row = (id: string) => r.ledger.find((s) => s.id === id)!;
      const taskTitle = may.taskTitle;
      // The 督办通知书 as the mail of that step carries it: the rungs the year sent the unit before its 督办.
      const timeline = r.notices
        .filter((n) => n.obligation === SILENT && ['reminder', '催办'].includes(n.step) && n.at < supervisionAt)
        .map((n) => ({ kind: n.step, at: n.at }));
      const silent = row(SILENT);
      // The 回头看 round as its obligations in the ledger have it.
      const lbRows = r.ledger.filter((s) => s.id.startsWith(`${PLAN}.t14.may-lb1.`));
      const lbUnits = new Set(lbRows.map((s) => s.unit));
      const lookBack = {
        ...may,
        round: LOOK_BACK,
        kind: 'lookback' as const,
        duty: lbRows[0].duty,
        dutyId: lbRows[0].dutyId,
        due: lbRows[0].due,
        obligations: may.obligations.filter((o) => lbUnits.has(o.unit)),
      };
      // The 整改 obligation as the ledger has it, on the unit's place in the task it was found in.
      const finding = row(FINDING);
      const findingSpec = {
        ...may.obligations.find((o) => o.unit === finding.unit)!,
        id: finding.id,
        duty: finding.duty,
        dutyId: finding.dutyId,
        due: finding.due,
      };
      // In the order of the year, so the 发文字号 run in that order.
      const docs: [DocumentKind, ReturnType<typeof contents.circular>][] = [
        ['supervision', contents.supervisionNotice({ ...silent, taskTitle }, { due: silent.due, timeline }, at(supervisionAt))],
        ['circular', contents.circular(may, mayRows, at(stepAt(SILENT, '通报')))],
        ['lookback', contents.lookBackNotice(lookBack, at('2024-06-17T10:00:00+08:00'))],
        ['rectification', contents.rectificationNotice(findingSpec, finding, at('2024-07-01T10:00:00+08:00'))],
        // The round's 汇总 as `duban doc 汇总` gives it at year end.
        ['compilation', contents.compilationReport(compile(may, mayRows, 'deadline', YEAR_END, MAY), may, mayRows, at(YEAR_END))],
        ['annual', contents.annualReport(r.annual[0], at(r.annual[0].at))],
        [
          'assessment',
          contents.assessmentReport(
            { plan: PLAN, title: memo.title ?? shipped.title, year: 2024 },
            scoreUnits(r.ledger, DEFAULT_SCORING, Date.parse(ASSESSED)),
            describeRules(DEFAULT_SCORING),
            at(ASSESSED),
          ),
        ],
      ];
      for (const [kind, d] of docs) {
        issued[kind] = await issuer.issue(d);
        text[kind] = await docxText(issued[kind].content);
      }
      timing.buildMs = Date.now() - t0;
      const t1 = Date.now();
      rendered = await renderWithLibreOffice(Object.fromEntries(Object.entries(issued).map(([k, d]) => [k, d.content])));
      timing.renderMs = Date.now() - t1;
    }, 180_000);
    afterAll(() => {
      numbers?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('each kind is numbered in the plan’s series, in the order of the year, from the plan’s own settings', () => {
      expect(memo.settings).toMatchObject({ issuer: '江门市司法局', mark: '江门市司法局文件', abbreviation: '江司督' });
      const order: DocumentKind[] = ['supervision', 'circular', 'lookback', 'rectification', 'compilation', 'annual', 'assessment'];
      // Counted per year: the 考核结果, issued in January, opens 2025's series.
      expect(order.map((k) => issued[k].number)).toEqual([
        ...order.slice(0, -1).map((_, i) => `江司督〔2024〕${i + 1}号`),
        '江司督〔2025〕1号',
      ]);
      for (const k of order) expect(text[k]).toContain(issued[k].number);
    });

    test('督办通知书: to the silent unit, its deadline, working days overdue and the rungs the year recorded before the 督办', () => {
      const { r } = year();
      const row = r.ledger.find((s) => s.id === SILENT)!;
      expect(row).toMatchObject({ unit: '市水利局', due: '2024-05-31T23:59:59+08:00' });
      const t = text.supervision;
      expect(t).toContain('市水利局：');
      expect(t).toContain(`应于2024年5月31日前报送“${row.duty}”`);
      // Due Friday 31 May, 督办 Wednesday 5 June at 09:00: Monday to Wednesday.
      expect(lateWorkingDays(row.due, Date.parse('2024-06-05T09:00:00+08:00'))).toBe(3);
      expect(t).toContain('截至2024年6月5日，该事项已逾期3个工作日');
      // The rungs are the notices the year sent it before that day.
      const rungs = r.notices
        .filter((n) => n.obligation === SILENT && (n.step === 'reminder' || n.step === '催办') && n.at < '2024-06-05')
        .map((n) => `${n.step === 'reminder' ? '提醒' : n.step}（${Number(n.at.slice(5, 7))}月${Number(n.at.slice(8, 10))}日）`);
      expect(rungs).toEqual(['提醒（5月22日）', '提醒（5月28日）', '提醒（5月30日）', '催办（6月3日）']);
      expect(t).toContain(rungs.join('、'));
      // Answer within three working days of the document: Thursday, Friday, and Tuesday after the weekend and the
      // Dragon Boat Festival (Monday 10 June).
      expect(t).toContain('于2024年6月11日前通过报送平台报送');
      expect(t).toContain('2024年6月5日');
    });

    test('通报: the units of the May round still owing at its 通报 step, each with its deadline and days overdue', async () => {
      const { r } = year();
      const owing = r.ledger.filter((s) => s.id.startsWith(`${MAY}.`) && isOwing(s.stage)).map((s) => s.unit);
      const live = r.ledger.filter((s) => s.id.startsWith(`${MAY}.`) && s.stage !== 'cancelled');
      expect(owing).toHaveLength(14); // 17 units: 市公安局 on time, 市交通运输局 late, 市市场监管局 returned and resubmitted
      const [table] = await docxTables(issued.circular.content);
      expect(
        table
          .slice(1)
          .map((row) => row[1])
          .sort(),
      ).toEqual([...owing].sort());
      // 通报 on Wednesday 12 June: 3 to 7 June, then 11 and 12 June (the Dragon Boat Festival on Monday 10 June off).
      for (const row of table.slice(1)) expect(row.slice(2, 4)).toEqual(['2024年5月31日', '7']);
      expect(table.slice(1).find((row) => row[1] === '市水利局')![4]).toBe('催办、督办、通报');
      expect(text.circular).toContain(`截至2024年6月12日，应报${live.length}个单位，已报送3个，逾期未报14个`);
    });

    test('回头看 and 整改 notices: the units the cast looked back on, the finding and its deadline', () => {
      const { r } = year();
      const lookedBack = [...new Set(r.ledger.filter((s) => s.id.startsWith(`${PLAN}.t14.may-lb1.`)).map((s) => s.unit))];
      expect(lookedBack).toHaveLength(16);
      expect(lookedBack).not.toContain('市公安局');
      expect(text.lookback).toContain(`${lookedBack.length}个单位`);
      for (const u of lookedBack) expect(text.lookback).toContain(u);
      expect(text.lookback).toContain('于2024年6月28日前通过报送平台报送');
      expect(text.lookback).toContain('2024年6月17日');
      expect(text.rectification).toContain('市交通运输局：');
      expect(text.rectification).toContain('执法全过程记录不全。');
      expect(text.rectification).toContain('于2024年7月31日前完成整改');
      expect(text.rectification).toContain('2024年7月1日');
    });

    test('汇总 of the May round: every unit with its state, 签收 and submission dates, the returned one marked', async () => {
      const { r } = year();
      const rows = r.ledger.filter((s) => s.id.startsWith(`${MAY}.`));
      const [status] = await docxTables(issued.compilation.content);
      expect(
        status
          .slice(1)
          .map((row) => row[1])
          .sort(),
      ).toEqual(rows.map((s) => s.unit).sort());
      const unit = (name: string) => status.find((row) => row[1] === name)!.slice(2);
      expect(unit('市公安局')).toEqual(['已办结', '按时报送', '2024年5月16日', '2024年5月27日', '—']);
      expect(unit('市交通运输局')).toEqual(['已办结', '逾期报送', '2024年6月4日', '2024年6月4日', '—']);
      expect(unit('市市场监管局')).toEqual(['已办结', '按时报送', '2024年5月17日', '2024年6月6日', '延期至2024年6月7日；曾退回']);
      expect(unit('市水利局').slice(1, 4)).toEqual(['未报送', '未签收', '—']);
      expect(text.compilation).toContain('2024年12月31日');
    });

    test('年度总结 and 考核结果: every unit of the year ranked with the score the ledger gives it', async () => {
      const { r } = year();
      expect(r.notices.at(-1)!.at < ASSESSED).toBe(true);
      const units = scoreUnits(r.ledger, DEFAULT_SCORING, Date.parse(ASSESSED));
      const [ranking] = await docxTables(issued.assessment.content);
      const scoreOf = new Map(ranking.slice(1).map((row) => [row[1], row[2]]));
      expect([...scoreOf.keys()].sort()).toEqual(units.map((u) => u.unit).sort());
      for (const u of units) expect(scoreOf.get(u.unit)).toBe(String(u.score));
      expect(text.assessment).toContain('2025年1月20日');
      // The 年度总结 ranks as the plan compiled it at year end (市水利局 −91, see above), every unit in it.
      const annualRanking = (await docxTables(issued.annual.content)).find((t) => t[0][0] === '名次')!;
      const annualScore = new Map(annualRanking.slice(1).map((row) => [row[1], row[2]]));
      expect([...annualScore.keys()].sort()).toEqual(r.annual[0].ranking!.map((u) => u.unit).sort());
      for (const u of r.annual[0].ranking!) expect(annualScore.get(u.unit)).toBe(String(u.score));
      expect(annualScore.get('市水利局')).toBe('-91');
      expect(text.annual).toContain(String(r.annual[0].total));
      expect(text.annual).toContain('2024年12月31日');
    });

    test('each renders in LibreOffice on A4, every page numbered, every word inside the text block', () => {
      const pt = (mm: number) => (mm * 72) / 25.4;
      const pages: Record<string, number> = {};
      for (const [kind, doc] of Object.entries(rendered)) {
        pages[kind] = doc.pages.length;
        doc.pages.forEach((p, i) => {
          expect([kind, Math.round(p.width), Math.round(p.height)]).toEqual([kind, 595, 842]);
          expect(p.words.filter((w) => w.yMin > pt(297 - 35)).map((w) => w.text)).toContain(String(i + 1));
          for (const w of p.words) {
            const hangs = /[，。、；：？！）》”]$/.test(w.text) ? 16 : 0;
            const inside = w.xMin >= pt(28) - 1 && w.xMax <= pt(184) + hangs + 1 && w.yMax <= p.height;
            expect({ kind, word: w.text, inside }).toEqual({ kind, word: w.text, inside: true });
          }
        });
        // The first page shows the document's number and title as written.
        const first = doc.pages[0].words.map((w) => w.text).join('');
        expect(first).toContain(issued[kind as DocumentKind].number);
      }
      console.log(`year 2024 documents: pages ${JSON.stringify(pages)}; ${JSON.stringify(timing)}`);
      // The notices stay short; the 通报 lists 14 units.
      for (const k of ['supervision', 'lookback', 'rectification'] as const) expect(pages[k]).toBeLessThanOrEqual(2);
      expect(pages.circular).toBeLessThanOrEqual(3);
      expect(pages.compilation).toBeLessThanOrEqual(4);
      expect(pages.annual).toBeGreaterThan(2);
      expect(pages.assessment).toBeGreaterThan(2);
    });
  });
}
