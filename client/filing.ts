// One report for several duties (合并报送): a county that owes 17 year-end reports may file one text, with its
// figures and attachments, for any of its open duties at once. The report is stored once; each obligation gets
// its own submission and receipt, all referring to that one stored report.
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { Receipt } from '../domain/obligation/lifecycle';
import { checkSubmit } from '../domain/obligation/lifecycle';
import { isOwing } from '../domain/obligation/state';
import { DomainError } from '../domain/errors';
import { describeAttachment, type ReportStore } from '../store/report-store';
import { discardUpload, stageUpload, type Upload } from '../store/uploads';
import { openStores } from '../store/from-env';
import { obligationView, submit, type ObligationView } from './operations';
import { AppError, Refused } from './errors';

/** Duties one filing may cover: a county's 17 year-end reports with room to spare. */
export const MAX_DUTIES_PER_FILING = 30;

export interface Filing {
  /** The obligations it is filed for, all of one unit. */
  ids: string[];
  by: string;
  text: string;
  /** Figures by obligation id: each obligation's own targets. */
  figures: Record<string, Record<string, number>>;
}

export interface FilingOutcome {
  id: string;
  task: number;
  duty: string;
  receipt?: Receipt;
  /** Why this obligation did not take the report (another submission won the race meanwhile). */
  refused?: string;
}

/**
 * Checks the report against every chosen obligation first (nothing is stored when one would refuse it), then
 * stores the report and its attachments once, under the first obligation, and submits its reference to each.
 * Staged files not adopted are discarded.
 */
export async function fileForSeveral(client: Client, store: ReportStore, filing: Filing, uploads: Upload[]): Promise<FilingOutcome[]> {
  try {
    const ids = [...new Set(filing.ids)];
    if (ids.length === 0) throw new AppError('请至少选择一个报送事项');
    if (ids.length > MAX_DUTIES_PER_FILING) throw new AppError(`一次最多为 ${MAX_DUTIES_PER_FILING} 个事项合并报送`);
    const views = await Promise.all(ids.map((id) => obligationView(client, id)));
    if (new Set(views.map((v) => v.spec.unitCode)).size > 1) throw new AppError('合并报送的事项应属于同一单位');
    const attachments = uploads.map((u) => describeAttachment(u.filename, u.size, u.sha256));
    const problems = views.flatMap((v) => {
      try {
        checkSubmit(v.state, v.spec, { by: filing.by, text: filing.text, figures: filing.figures[v.spec.id] ?? {}, attachments });
        return [];
      } catch (err) {
        if (err instanceof DomainError) return [`${label(v)}：${err.zh}`];
        throw err;
      }
    });
    // A duty that takes no report now (already submitted, closed) is a conflict; a bad form is invalid.
    if (problems.length) throw new (views.some((v) => !isOwing(v.state.stage)) ? Refused : AppError)(problems.join('；'));

    const owner = ids[0];
    for (const u of uploads) await store.adoptUpload(owner, u);
    const figures = Object.fromEntries(
      views.flatMap((v) => Object.entries(filing.figures[v.spec.id] ?? {}).map(([k, n]) => [`t${v.spec.task}.${k}`, n])),
    );
    const report = await store.putSubmission(owner, { by: filing.by.trim(), text: filing.text, figures, attachments });
    const outcomes: FilingOutcome[] = [];
    for (const v of views) {
      const base = { id: v.spec.id, task: v.spec.task, duty: v.spec.duty };
      try {
        const receipt = await submit(client, v.spec.id, { by: filing.by, figures: filing.figures[v.spec.id] ?? {}, attachments, report });
        outcomes.push({ ...base, receipt });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        outcomes.push({ ...base, refused: err.message });
      }
    }
    return outcomes;
  } finally {
    await Promise.all(uploads.map(discardUpload));
  }
}

const label = (v: ObligationView) => `任务${v.spec.task}“${v.spec.duty}”`;

/**
 * The figures of a filing given on the command line (`名称=数值`, or `t8.名称=数值` / `任务8:名称=数值` for one task's
 * duty): each figure goes to every chosen duty with a target of that id or label (of that task when one is named).
 * A figure no chosen duty asks for, or given twice for one duty, is refused; a missing one is left to the duties'
 * own check (it names the duty).
 */
export function filingFigures(
  duties: { id: string; task: number; targets: { id: string; label: string }[] }[],
  given: [string, number][],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = Object.fromEntries(duties.map((d) => [d.id, {}]));
  for (const [raw, value] of given) {
    const scoped = /^(?:t|任务)(\d+)[.:：](.+)$/u.exec(raw);
    const name = scoped ? scoped[2].trim() : raw;
    const task = scoped ? Number(scoped[1]) : undefined;
    const takers = duties.filter(
      (d) => (task === undefined || d.task === task) && d.targets.some((t) => t.id === name || t.label === name),
    );
    if (takers.length === 0) {
      const asked = duties.flatMap((d) => d.targets.map((t) => `任务${d.task}：${t.id}（${t.label}）`));
      throw new AppError(
        `选中的事项${task === undefined ? '' : `中任务${task}的事项`}都没有指标“${name}”` +
          (asked.length ? `，可填：${asked.join('、')}` : '，请去掉 --figure'),
      );
    }
    for (const d of takers) {
      const t = d.targets.find((x) => x.id === name || x.label === name)!;
      if (t.id in out[d.id]) throw new AppError(`任务${d.task}的指标“${t.label}”填写了两次`);
      out[d.id][t.id] = value;
    }
  }
  return out;
}

/** The report store the worker uses (the same data folder or DUBAN_DATABASE_URL), closed afterwards. */
export async function withReportStore<T>(fn: (store: ReportStore) => Promise<T>): Promise<T> {
  const stores = await openStores();
  try {
    return await fn(stores.reports);
  } finally {
    await stores.close();
  }
}

/** The attachment files staged in the store, ready to be adopted by a report. */
export async function stagedFrom(store: ReportStore, attach: string[], files: Buffer[]) {
  const uploads = [];
  for (const [i, content] of files.entries())
    uploads.push(await stageUpload(store.stagingDir, path.basename(attach[i]), Readable.from([content])));
  return uploads;
}
