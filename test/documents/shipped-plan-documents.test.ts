// The documents of the shipped plan at province scale: every obligation of the Jiangmen plan at year end, the
// units silent all year (the longest tables a year can give). Each kind is written and rendered with LibreOffice:
// every page A4 and numbered, every word inside the text block, every unit in the ranking.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planRunSpec } from '../../domain/obligation/spec';
import { compile } from '../../domain/obligation/compilation';
import { openingSnapshot, placed, ObligationSnapshot } from '../../domain/obligation/snapshot';
import { initialState } from '../../domain/obligation/lifecycle';
import * as contents from '../../domain/documents/contents';
import { documentSettings } from '../../domain/plan/issuer-schema';
import { annualSummary } from '../../domain/obligation/annual';
import { annualRanking, scoreUnits } from '../../domain/scoring/score';
import { describeRules, scoringRules } from '../../domain/scoring/rules';
import { DocumentIssuer, IssuedDocument } from '../../activities/documents/issuer';
import { SqliteDocumentNumbers } from '../../store/local/document-numbers';
import { loadShipped } from '../helpers/plan-files';
import { docxTables, Rendered, renderWithLibreOffice } from '../helpers/office';

const shipped = planRunSpec(loadShipped());
const AT = '2025-01-08T10:00:00+08:00'; // a week into the next year: the year-end duties are overdue too
const ledger: ObligationSnapshot[] = shipped.rounds.flatMap((r) =>
  r.obligations.map((o) => ({
    ...placed(openingSnapshot(o, '2024-05-15T00:00:00+08:00'), o),
    stage: 'overdue' as const,
    light: 'red' as const,
    level: 3,
  })),
);
const biggest = [...shipped.rounds].sort((a, b) => b.obligations.length - a.obligations.length)[0];
const c = { settings: documentSettings({ issuer: shipped.title.slice(0, 3) + '司法局' }), at: AT, planTitle: shipped.title };
const units = scoreUnits(ledger, scoringRules(), Date.parse(AT));
const facts = { plan: shipped.plan, title: shipped.title, year: shipped.year, supervisor: shipped.supervisor };
const rows = ledger.filter((r) => r.id.startsWith(`${biggest.round}.`));
const obligation = biggest.obligations[0];

const docs = {
  supervision: contents.supervisionNotice(obligation, initialState(obligation, Date.parse('2024-05-15T00:00:00+08:00')), c),
  circular: contents.circular(biggest, rows, c),
  compilation: contents.compilationReport(compile(biggest, rows, 'deadline', AT, biggest.round), biggest, rows, c),
  annual: contents.annualReport({ ...annualSummary(facts, ledger, AT, shipped.plan), ranking: annualRanking(units) }, c),
  assessment: contents.assessmentReport(facts, units, describeRules(scoringRules()), c),
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-shipped-docs-'));
const numbers = new SqliteDocumentNumbers(path.join(dir, 'document-numbers.db'));
const issued = {} as Record<keyof typeof docs, IssuedDocument>;
let rendered: Record<string, Rendered>;
let renderMs = 0;

beforeAll(async () => {
  const issuer = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '江门市司法局' });
  for (const [k, d] of Object.entries(docs)) issued[k as keyof typeof docs] = await issuer.issue(d);
  const t = Date.now();
  rendered = await renderWithLibreOffice(Object.fromEntries(Object.entries(issued).map(([k, d]) => [k, d.content])));
  renderMs = Date.now() - t;
}, 300_000);
afterAll(() => {
  numbers.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the year’s documents of the whole plan render on A4, every page numbered, every word inside the block', () => {
  const pt = (mm: number) => (mm * 72) / 25.4;
  const pages: Record<string, number> = {};
  for (const [kind, r] of Object.entries(rendered)) {
    pages[kind] = r.pages.length;
    r.pages.forEach((p, i) => {
      expect([Math.round(p.width), Math.round(p.height)]).toEqual([595, 842]);
      expect(p.words.filter((w) => w.yMin > pt(297 - 35)).map((w) => w.text)).toContain(String(i + 1));
      for (const w of p.words) {
        const hangs = /[，。、；：？！）》”]$/.test(w.text) ? 16 : 0;
        expect({ word: w.text, inside: w.xMin >= pt(28) - 1 && w.xMax <= pt(184) + hangs + 1 && w.yMax <= p.height }).toEqual({
          word: w.text,
          inside: true,
        });
      }
    });
  }
  // The ranking and the per-unit breakdown run over several pages; the notices stay short.
  expect(pages.supervision).toBeLessThanOrEqual(2);
  expect(pages.assessment).toBeGreaterThan(2);
  console.log(
    `shipped plan: ${ledger.length} obligations, ${units.length} units, round ${biggest.round} of ${rows.length}; pages ${JSON.stringify(pages)}; LibreOffice ${renderMs} ms`,
  );
});

test('every unit of the plan is in the ranking, and every unit of the biggest round in its 通报 and 汇总', async () => {
  const [ranking] = await docxTables(issued.assessment.content);
  expect(
    ranking
      .slice(1)
      .map((r) => r[1])
      .sort(),
  ).toEqual(units.map((u) => u.unit).sort());
  const [circularRows] = await docxTables(issued.circular.content);
  expect(
    circularRows
      .slice(1)
      .map((r) => r[1])
      .sort(),
  ).toEqual(rows.map((r) => r.unit).sort());
  const [status] = await docxTables(issued.compilation.content);
  expect(status.length - 1).toBe(rows.length);
});
