// Settling a drafted plan in the board's 导入方案 page: the form's fields (named by the plan file's paths, so an
// issue of `plan check` at tasks[3].duties[0].due lands on the field of that name), the open points of the
// draft's review list and its vague defaults with the field each concerns, the plan and directory texts the
// edits give, and the check of both. No I/O: the caller reads and writes the files.
import { isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { z } from 'zod';
import type { Draft, DraftPlan } from '../../domain/draft/draft';
import { renderPlan } from '../../domain/draft/render';
import { splitOutside } from '../../domain/draft/text';
import { loadPlan, LoadedPlan } from '../../domain/plan/load';
import { PlanFileError } from '../../domain/plan/issues';
import { unitSchema } from '../../domain/plan/schema';
import { unitCode } from '../../domain/roster/roster-directory';
import type { HolidayArrangement } from '../../domain/calendar/holidays';

/** The form's values by field name; a field not sent keeps the draft's value. */
export type Values = Record<string, string>;

/** Choice of a directory entry for an unknown unit phrase: a name from the directory, or a new unit. */
export const NEW_UNIT = '+新增';
export const UNIT_KINDS = { department: '部门', county: '县（市、区）政府', bureau: '司法行政机关' } as const;
type Kind = keyof typeof UNIT_KINDS;

export interface ReviewItem {
  /** Key of its 确认 checkbox: accept.<key>. */
  key: string;
  zh: string;
  line?: number;
  /** The form field it concerns (or the section), '' for the whole notice. */
  field: string;
  /** Settled: accepted, or its field changed from the draft's value (an unknown unit: a directory entry chosen). */
  settled: boolean;
  /** Only a choice settles it (an unknown unit), no 确认. */
  choiceOnly?: boolean;
}

/** A unit name list as the form shows it. */
export const joinNames = (xs: string[]) => xs.join('、');
/** Names separated by 、 , ； or spaces, outside brackets (各县(市、区)政府 is one name). */
export const splitNames = (s: string) => splitOutside(s, '、,，;； \t');

const UNIT_LISTS = ['responsible', 'implementing'] as const;

/** Every editable field's value in the draft as drafted. */
export function draftValues(draft: Draft): Values {
  const p = draft.plan;
  const v: Values = { id: p.id, title: p.title, issued: p.issued, supervisor: p.supervisor };
  p.tasks.forEach((t, i) => {
    for (const k of UNIT_LISTS) v[`tasks[${i}].${k}`] = joinNames(t[k]);
    t.vague.forEach((x, k) => (v[`tasks[${i}].vague[${k}].default`] = x.default));
    t.duties.forEach((d, j) => {
      const at = `tasks[${i}].duties[${j}]`;
      v[`${at}.what`] = d.what;
      v[`${at}.to`] = joinNames(d.to);
      if (typeof d.due === 'string') v[`${at}.due`] = d.due;
      if (d.vague) v[`${at}.vague.default`] = d.vague.default;
    });
  });
  draft.unknownUnits.forEach((u, k) => {
    v[`units[${k}]`] = '';
    v[`units[${k}].name`] = u.name;
    v[`units[${k}].kind`] = /^[^市].*[区县市](人民政府|政府)?$/.test(u.name) ? 'county' : 'department';
    for (const f of ['contact', 'email', 'mobile']) v[`units[${k}].${f}`] = '';
  });
  return v;
}

/** The field names a form may send: the draft's fields and the 确认 boxes of its points. */
export function allowedFields(draft: Draft): Set<string> {
  const names = new Set(Object.keys(draftValues(draft)));
  for (const r of reviewItems(draft, {})) names.add(`accept.${r.key}`);
  return names;
}

/** The draft's values with the form's edits over them. */
export const valuesOf = (draft: Draft, edits: Values): Values => ({ ...draftValues(draft), ...edits });

/** The review list and the vague defaults, each with its field and whether it is settled by these edits. */
export function reviewItems(draft: Draft, edits: Values): ReviewItem[] {
  const initial = draftValues(draft);
  const now = { ...initial, ...edits };
  const changed = (f: string) => f !== '' && f in initial && now[f] !== initial[f];
  const accepted = (key: string) => edits[`accept.${key}`] === 'on';
  const items: ReviewItem[] = [];
  draft.review.forEach((r, n) => {
    const key = `r${n}`;
    if (r.kind === 'unknown-unit') {
      const k = draft.unknownUnits.findIndex((u) => r.zh.includes(`“${u.name}”`));
      const field = k >= 0 ? `units[${k}]` : '';
      items.push({ key, zh: r.zh, line: r.line, field, settled: k >= 0 && now[field] !== '', choiceOnly: true });
      return;
    }
    const field = pointField(draft.plan, r);
    items.push({ key, zh: r.zh, line: r.line, field, settled: accepted(key) || changed(field) });
  });
  draft.plan.tasks.forEach((t, i) => {
    t.vague.forEach((x, k) => {
      const field = `tasks[${i}].vague[${k}].default`;
      const key = `v${i}-${k}`;
      items.push({
        key,
        zh: `任务${t.no}：“${x.wording}”（含糊），默认：${x.default}`,
        line: t.line,
        field,
        settled: accepted(key) || changed(field),
      });
    });
    t.duties.forEach((d, j) => {
      if (!d.vague) return;
      const field = `tasks[${i}].duties[${j}].vague.default`;
      const key = `d${i}-${j}`;
      // A duty whose vague wording is already a review point (及时, a broken date) is settled with that point.
      if (draft.review.some((r) => pointField(draft.plan, r).startsWith(`tasks[${i}].duties[${j}].`))) return;
      items.push({
        key,
        zh: `任务${t.no}：“${d.vague.wording}”（含糊），默认：${d.vague.default}`,
        line: d.line,
        field,
        settled: accepted(key) || changed(field),
      });
    });
  });
  return items;
}

/** The field a review point concerns: a duty's date or recipients, the issue date, a task's units. */
function pointField(plan: DraftPlan, r: Draft['review'][number]): string {
  if (r.kind === 'no-issue-date') return 'issued';
  const no = Number(/任务(\d+)/.exec(r.zh)?.[1]);
  const i = plan.tasks.findIndex((t) => t.no === no && (r.line === undefined || t.line <= r.line));
  if (i < 0) return '';
  if (r.kind === 'no-units') return `tasks[${i}].responsible`;
  const duties = plan.tasks[i].duties.map((d, j) => ({ d, j })).filter(({ d }) => d.line === r.line);
  const best =
    duties.find(({ d }) => r.zh.includes(d.quote) || (d.dueWording !== undefined && r.zh.includes(`“${d.dueWording}”`))) ?? duties[0];
  if (!best) return '';
  return `tasks[${i}].duties[${best.j}].${r.kind === 'no-recipient' ? 'to' : 'due'}`;
}

export interface NewUnit {
  name: string;
  kind: Kind;
  contact: { name: string; email: string; mobile?: string };
}

export interface Settled {
  /** The plan file's text (with a `directory:` pointing at `directoryRef`). */
  planText: string;
  /** The directory's text with the new units added (the given text when none). */
  directoryText: string;
  newUnits: NewUnit[];
  /** Problems by form field ('' for those of no field), in Chinese. */
  problems: Record<string, string[]>;
  /** The review items still open. */
  open: ReviewItem[];
  loaded?: LoadedPlan;
}

export interface SettleFiles {
  /** The directory's text and the names it knows (units, groups, recipients, aliases). */
  directoryText: string;
  directoryFile: string;
  /** How the saved plan names the directory (relative to the plan file). */
  directoryRef: string;
  planFile: string;
  holidays?: HolidayArrangement[];
  calendarFile?: string;
  header?: string[];
}

/** Applies the edits, renders the plan, adds the new units to the directory and checks both as `plan check` does. */
export function settle(draft: Draft, edits: Values, files: SettleFiles): Settled {
  const v = valuesOf(draft, edits);
  const problems: Record<string, string[]> = {};
  const problem = (field: string, zh: string) => (problems[field] ??= []).push(zh);

  // Unknown phrases: the directory entry chosen, or a new unit.
  const rename = new Map<string, string>();
  const newUnits: NewUnit[] = [];
  draft.unknownUnits.forEach((u, k) => {
    const choice = v[`units[${k}]`].trim();
    if (!choice) return;
    if (choice !== NEW_UNIT) return void rename.set(u.name, choice);
    const at = `units[${k}]`;
    const kind = v[`${at}.kind`] as Kind;
    const unit: NewUnit = {
      name: v[`${at}.name`].trim(),
      kind: kind in UNIT_KINDS ? kind : 'department',
      contact: {
        name: v[`${at}.contact`].trim(),
        email: v[`${at}.email`].trim(),
        ...(v[`${at}.mobile`].trim() ? { mobile: v[`${at}.mobile`].trim() } : {}),
      },
    };
    const checked = unitSchema.safeParse({ ...unit, code: 'x', leader: unit.contact });
    if (!checked.success)
      for (const issue of checked.error.issues) {
        const f =
          issue.path[0] === 'name'
            ? 'name'
            : issue.path[0] === 'kind'
              ? 'kind'
              : issue.path[1] === 'name'
                ? 'contact'
                : String(issue.path[1] ?? 'name');
        problem(`${at}.${f}`, zhOf(issue.message));
      }
    else newUnits.push(unit);
    rename.set(u.name, unit.name);
  });

  const plan = applyEdits(draft.plan, v, rename, problem);
  plan.directory = files.directoryRef;
  const planText = renderPlan({ ...draft, plan }, files.header ?? []);
  const directoryText = withUnits(files.directoryText, newUnits);
  let loaded: LoadedPlan | undefined;
  const names = new Set(Object.keys(v));
  // A field of the plan file: the nearest form field or section above the issue's path.
  const fieldOf = (p: string) => {
    for (let at = p; at; at = at.replace(/(\[\d+\]|\.[^.[\]]+)$/, ''))
      if (names.has(at) || /^tasks\[\d+\](\.duties\[\d+\])?$/.test(at)) return at;
    return '';
  };
  try {
    loaded = loadPlan(
      { file: files.planFile, text: planText },
      { file: files.directoryFile, text: directoryText },
      { holidays: files.holidays, calendarFile: files.calendarFile },
    );
  } catch (err) {
    if (!(err instanceof PlanFileError)) throw err;
    for (const i of err.issues)
      problem(i.file === files.planFile ? fieldOf(i.path) : '', i.file === files.planFile ? i.zh : `单位名录 ${i.path}：${i.zh}`);
  }
  const open = reviewItems(draft, edits).filter((r) => !r.settled);
  return { planText, directoryText, newUnits, problems, open, loaded };
}

/** The Chinese half of a bilingual schema message ("中文 (English)"). */
const zhOf = (m: string) => m.replace(/\s*\([^()]*\)\s*$/, '');

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function applyEdits(drafted: DraftPlan, v: Values, rename: Map<string, string>, problem: (field: string, zh: string) => void): DraftPlan {
  const plan = structuredClone(drafted);
  const names = (xs: string[]) => [...new Set(xs.map((x) => rename.get(x) ?? x))];
  const date = (field: string) => {
    const d = v[field].trim();
    if (!ISO.test(d)) problem(field, '日期格式应为 YYYY-MM-DD');
    return d;
  };
  plan.id = v.id.trim();
  plan.title = v.title.trim();
  plan.issued = date('issued');
  plan.supervisor = rename.get(v.supervisor.trim()) ?? v.supervisor.trim();
  plan.yearEnd.to = names(plan.yearEnd.to);
  plan.tasks.forEach((t, i) => {
    for (const k of UNIT_LISTS) t[k] = names(splitNames(v[`tasks[${i}].${k}`]));
    t.vague.forEach((x, k) => (x.default = v[`tasks[${i}].vague[${k}].default`].trim() || x.default));
    t.duties.forEach((d, j) => {
      const at = `tasks[${i}].duties[${j}]`;
      d.what = v[`${at}.what`].trim();
      d.to = names(splitNames(v[`${at}.to`]));
      d.cc = names(d.cc);
      if (d.from !== 'task') d.from = names(d.from);
      if (d.compiledBy) d.compiledBy = rename.get(d.compiledBy) ?? d.compiledBy;
      if (d.compiledTo) d.compiledTo = names(d.compiledTo);
      if (typeof d.due === 'string') {
        const due = date(`${at}.due`);
        if (due !== d.due) delete d.dueWording;
        d.due = due;
      }
      if (d.vague) d.vague.default = v[`${at}.vague.default`]?.trim() || d.vague.default;
    });
  });
  return plan;
}

/** The directory's text with these units added at the end of its units (comments and layout kept). */
export function withUnits(text: string, units: NewUnit[]): string {
  if (units.length === 0) return text;
  const doc = parseDocument(text);
  const seq = doc.get('units', true);
  if (!isSeq(seq)) return text; // not a directory: the check says so
  const known = (doc.toJS() as { units?: { name?: string; code?: string }[] }).units ?? [];
  const codes = new Set(known.map((u) => u?.code ?? ''));
  for (const u of units) {
    if (known.some((k) => k?.name === u.name)) continue;
    const node = doc.createNode({
      name: u.name,
      code: unitCode(u.name, codes),
      kind: u.kind,
      contact: u.contact,
      leader: u.contact,
    }) as YAMLMap;
    node.flow = true;
    node.commentBefore = ' 由督查看板“导入方案”添加：分管领导暂同联系人，请核对';
    (seq as YAMLSeq).items.push(node);
  }
  return doc.toString({ lineWidth: 0 });
}

/** The directory's units, groups and recipients, for the choice of an unknown phrase. */
export function directoryNames(text: string): { units: string[]; groups: string[] } {
  try {
    const d = (parseDocument(text).toJS() ?? {}) as {
      units?: { name?: string }[];
      groups?: { name?: string }[];
      recipients?: { name?: string }[];
    };
    const names = (xs?: { name?: string }[]) => (xs ?? []).map((x) => x?.name).filter((x): x is string => typeof x === 'string');
    return { units: [...names(d.units), ...names(d.recipients)], groups: names(d.groups) };
  } catch {
    return { units: [], groups: [] };
  }
}

/** The form body: only known field names, each a bounded text. */
export const editsSchema = z.record(z.string().max(80), z.string({ error: '字段应为文字' }).max(4000, '字段不能超过 4000 个字'));
