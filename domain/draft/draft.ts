// From a notice's lines to a plan draft and the points a person must settle. Pure and rule-based: the same
// lines and directory always give the same draft. Every drafted field remembers the notice line it came from.
import type { Directory } from '../plan/directory';
import { findDates, FoundDate, FoundRecurrence, RecurringDue } from './dates';
import { Heading, items, Item, Para, Row, trailingBracket } from './structure';
import { ascii, clauses, NoticeLine, normalizeLines, numeral, sentences, splitOutside, stripLeadingVerbs } from './text';
import { RELATIVE, UnitMatcher } from './units';

export type { RecurringDue } from './dates';

export interface Vague {
  wording: string;
  default: string;
}
export interface DraftDuty {
  id: string;
  what: string;
  from: 'task' | string[];
  to: string[];
  cc: string[];
  due: string | RecurringDue;
  crossesYear?: boolean;
  compiledBy?: string;
  compiledTo?: string[];
  quote: string;
  vague?: Vague;
  /** The notice line, and the words that set the deadline. */
  line: number;
  dueWording?: string;
}
export interface DraftTarget {
  id: string;
  label: string;
  value: number;
  unit: string;
  comparator: 'at-least' | 'at-most' | 'exactly';
  reportIn: string;
  quote: string;
  line: number;
}
export interface DraftTask {
  no: number;
  group: string;
  title: string;
  text: string;
  assignment?: string;
  responsible: string[];
  responsibleWording?: string;
  implementing: string[];
  vague: Vague[];
  duties: DraftDuty[];
  targets: DraftTarget[];
  line: number;
  assignmentLine?: number;
}
export interface DraftPlan {
  id: string;
  year: number;
  title: string;
  issuer: string;
  issued: string;
  approvedBy?: string;
  addressees?: string;
  cover?: string;
  source?: string;
  directory?: string;
  preamble?: string;
  supervisor: string;
  goal?: { text: string; due: string; line: number };
  yearEnd: { id: string; what: string; to: string[]; due: string; vague: Vague };
  groups: { id: string; title: string; line: number }[];
  tasks: DraftTask[];
  organisation: { id: string; title: string; text: string; line: number }[];
  /** Lines of the plan-level fields. */
  lines: Partial<Record<'title' | 'issuer' | 'issued' | 'addressees' | 'cover' | 'preamble' | 'approvedBy', number>>;
}

export type ReviewKind =
  'unknown-unit' | 'no-date' | 'no-recipient' | 'early-date' | 'outside-year' | 'broken-date' | 'no-issue-date' | 'no-units';
export interface ReviewPoint {
  kind: ReviewKind;
  line?: number;
  zh: string;
}
export interface UnknownUnit {
  name: string;
  group: boolean;
  suggestion?: string;
  line: number;
}
export interface Draft {
  plan: DraftPlan;
  review: ReviewPoint[];
  unknownUnits: UnknownUnit[];
  counts: { groups: number; tasks: number; units: number; dated: number; recurring: number; targets: number };
}

export interface DraftOptions {
  directory?: Directory;
  /** The plan year; default: the year in the title, else the issue date's. */
  year?: number;
  id?: string;
  source?: string;
  directoryFile?: string;
}

const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const REPORT = /报送|上报|提交|报告|汇报|反馈|抄送|报(?=[本上同市县区省各国])/;
const OUTSIDE_PLAN = /党委|党组|人大|政协|纪委/;
const ROLE = /(按职责分工负责|按职责负责|分工负责|牵头负责|负责落实|共同负责|牵头|负责|配合|协助|参与|落实|组织实施|具体实施)$/;
const MONTH_IDS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DUTY_IDS: [RegExp, string][] = [
  [/中期评估/, 'midterm'],
  [/整改/, 'fix'],
  [/整治/, 'rectify'],
  [/清理/, 'cleanup'],
  [/自查/, 'self-check'],
  [/评估/, 'evaluation'],
  [/总结/, 'summary'],
  [/方案/, 'scheme'],
  [/台账/, 'ledger'],
  [/进展|进度/, 'progress'],
  [/完成/, 'done'],
];
const MEASURE = '学时|小时|万元|亿元|个|项|家|次|人|件|场|期|篇|所|批|条|本|份|%|％';
const pad = (n: number) => String(n).padStart(2, '0');

export function draftPlan(input: NoticeLine[], opts: DraftOptions = {}): Draft {
  const lines = normalizeLines(input);
  const matcher = new UnitMatcher(opts.directory);
  const review: ReviewPoint[] = [];
  const unknown = new Map<string, UnknownUnit>();
  const all = items(lines);

  // --- the head: addressees, cover, issuer, date, title, preamble -------------------------------------------
  const plain = (t: string) => !/[。，,；;：:]/.test(t) && t.length <= 60;
  const isDate = (it: Item | undefined) => it?.type === 'para' && DATE_LINE.test(ascii(it.text));
  let firstBody = all.findIndex((it) => it.type !== 'para');
  // A notice signed at its end (issuer and date after the body): the two lines leave the body.
  let trailer: { issuer?: { text: string; line: number }; date?: { text: string; line: number } } = {};
  const lastDate = all
    .map((it, i) => (isDate(it) ? i : -1))
    .filter((i) => i >= 0 && firstBody >= 0 && i > firstBody)
    .pop();
  if (lastDate !== undefined && !all.slice(0, firstBody).some(isDate)) {
    const before = all[lastDate - 1];
    const signed = before?.type === 'para' && plain(before.text) && lastDate - 1 > firstBody;
    trailer = { date: all[lastDate] as Para, ...(signed ? { issuer: before as Para } : {}) };
    all.splice(signed ? lastDate - 1 : lastDate, signed ? 2 : 1);
    firstBody = all.findIndex((it) => it.type !== 'para');
  }
  const head = (firstBody < 0 ? all : all.slice(0, firstBody)) as { text: string; line: number }[];
  const dateIdx = head.findIndex((p) => DATE_LINE.test(ascii(p.text)));
  const addrIdx = head.findIndex((p, i) => /[:：]$/.test(p.text) && p.text.length < 120 && (dateIdx < 0 || i < dateIdx));
  const issuerIdx = dateIdx > 0 && plain(head[dateIdx - 1].text) ? dateIdx - 1 : -1;
  let titleIdx = dateIdx >= 0 ? head.findIndex((p, i) => i > dateIdx && plain(p.text)) : -1;
  if (titleIdx < 0) titleIdx = head.findIndex((p) => plain(p.text) && /方案|计划|要点|安排|通知|清单|台账|意见|办法/.test(p.text));
  const titleLine = titleIdx >= 0 ? head[titleIdx] : undefined;
  let title = titleLine?.text ?? '工作方案';
  const inner = /关于印发《(.+)》的通知/.exec(title);
  if (inner) title = inner[1];
  const dateLine = dateIdx >= 0 ? head[dateIdx] : trailer.date;
  const issuerLine = issuerIdx >= 0 ? head[issuerIdx] : trailer.issuer;
  const dm = dateLine ? DATE_LINE.exec(ascii(dateLine.text)) : null;
  const titleYear = /(\d{4})年/.exec(ascii(title));
  const year = opts.year ?? (titleYear ? Number(titleYear[1]) : dm ? Number(dm[1]) : new Date(0).getUTCFullYear());
  const issued = dm ? `${dm[1]}-${pad(Number(dm[2]))}-${pad(Number(dm[3]))}` : `${year}-01-01`;
  if (!dm) review.push({ kind: 'no-issue-date', zh: `未找到发文日期，暂按 ${issued}，请核对 issued 和 year（或用 --year 指定年度）` });
  const issuer = issuerLine?.text ?? '';
  const coverEnd = [issuerIdx, dateIdx, titleIdx].filter((i) => i > addrIdx).sort((a, b) => a - b)[0] ?? head.length;
  const coverParas = head.slice(addrIdx + 1, coverEnd).filter((_, i) => addrIdx + 1 + i !== titleIdx);
  const preambleParas = titleIdx >= 0 && titleIdx > addrIdx ? head.slice(titleIdx + 1).filter((_, i) => titleIdx + 1 + i !== dateIdx) : [];
  const cover = coverParas.map((p) => p.text).join('\n');
  const city = /^(.+?市)/.exec(issuer)?.[1];
  matcher.city = city;

  const resolvedName = (phrase: string, line: number): { name: string; wording?: string } => {
    const r = matcher.resolve(phrase);
    if (r.kind !== 'unknown') return { name: r.name, ...(r.wording ? { wording: r.wording } : {}) };
    if (!unknown.has(r.name))
      unknown.set(r.name, { name: r.name, group: r.group, line, ...(r.suggestion ? { suggestion: r.suggestion } : {}) });
    return { name: r.name };
  };
  const supervisor = issuer
    ? resolvedName(
        supervisorPhrase(issuer, (n) => matcher.resolve(n).kind !== 'unknown'),
        issuerLine?.line ?? 0,
      ).name
    : '';
  const approvedPhrase = /经(.{2,12}?)同意/.exec(cover)?.[1];
  const approvedBy = approvedPhrase && city && approvedPhrase.startsWith('市') ? city + approvedPhrase.slice(1) : approvedPhrase;

  // --- structure: which heading rank holds the tasks, which the groups --------------------------------------
  const body = firstBody < 0 ? [] : all.slice(firstBody);
  const carries = (i: number): boolean => {
    const h = body[i] as Heading;
    if (/【.+】$/.test(h.rest.replace(/[。\s]+$/, '')) || assignsUnits(trailingBracket(h.rest)?.inner)) return true;
    for (let j = i + 1; j < body.length && body[j].type !== 'heading'; j++) {
      const it = body[j];
      if (it.type === 'units') return true;
      const br = it.type === 'para' ? trailingBracket(it.text)?.inner : undefined;
      if (br && /牵头|配合|负责|落实/.test(br) && assignsUnits(br)) return true;
    }
    return false;
  };
  const assignsUnits = (inner?: string) =>
    !!inner && (ROLE.test(inner) || /牵头|配合|负责|落实/.test(inner) || matcher.splitList(inner).every((p) => matcher.looksLikeBody(p)));
  const byRank = new Map<number, number>();
  body.forEach((it, i) => {
    if (it.type === 'heading' && carries(i)) byRank.set(it.rank, (byRank.get(it.rank) ?? 0) + 1);
  });
  const ranks = [...new Set(body.flatMap((it) => (it.type === 'heading' ? [it.rank] : [])))].sort();
  let taskRank = [...byRank].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  if (taskRank === undefined) taskRank = ranks.length > 1 ? ranks[1] : (ranks[0] ?? 99);
  const groupRank = ranks.filter((r) => r < taskRank!).pop();

  const groups: DraftPlan['groups'] = [];
  const tasks: DraftTask[] = [];
  const organisation: DraftPlan['organisation'] = [];
  let goal: DraftPlan['goal'];
  let section: 'goal' | 'org' | 'work' = 'work';
  let task: DraftTask | undefined;
  let taskParas: { text: string; line: number }[] = [];
  let org: DraftPlan['organisation'][number] | undefined;
  let group: string | undefined;
  const deadlines: { text: string; line: number }[] = [];
  const finished: { task: DraftTask; paras: { text: string; line: number }[]; deadlines: { text: string; line: number }[] }[] = [];

  const close = () => {
    if (task) finished.push({ task, paras: taskParas, deadlines: deadlines.splice(0) });
    task = undefined;
    taskParas = [];
  };
  const ensureGroup = (): string => {
    if (group === undefined) {
      group = '一';
      groups.push({ id: group, title: title, line: titleLine?.line ?? 1 });
    }
    return group;
  };
  const startTask = (text: string, line: number, num?: string) => {
    close();
    org = undefined;
    const t: DraftTask = {
      no: num !== undefined ? (numeral(num) ?? 0) : 0,
      group: ensureGroup(),
      title: '',
      text: '',
      responsible: [],
      implementing: [],
      vague: [],
      duties: [],
      targets: [],
      line,
    };
    const br = trailingBracket(text);
    let rest = text;
    if (br && (text.replace(/[。\s]+$/, '').endsWith('】') || assignsUnits(br.inner))) {
      rest = br.before.trim();
      assign(t, br.inner, 'bracket', line);
    }
    t.text = rest;
    const first = sentences(rest)[0] ?? rest;
    // A heading that is one sentence with commas (开展…评查，10月底前形成评查报告): its first clause is the title.
    t.title = first.length <= 60 && (sentences(rest).length > 1 || clauses(first).length === 1) ? first : clauses(first)[0];
    taskParas = [{ text: rest, line }];
    task = t;
  };

  const assign = (t: DraftTask, list: string, how: 'bracket' | 'responsible' | 'implementing', line: number) => {
    t.assignment = t.assignment ? `${t.assignment}；${list}` : list;
    t.assignmentLine ??= line;
    for (const clause of splitOutside(list, '，,；;')) {
      const role = ROLE.exec(clause)?.[1];
      const names = matcher.splitList(role ? clause.slice(0, -role.length) : clause).map((p) => p.replace(/^由/, ''));
      const implementing = how === 'implementing' || (role !== undefined && /配合|协助|参与|落实|实施/.test(role));
      for (const n of names) {
        const r = resolvedName(n, line);
        const into = implementing ? t.implementing : t.responsible;
        if (!into.includes(r.name)) into.push(r.name);
      }
      if (!implementing && role && role !== '牵头' && !t.responsibleWording) t.responsibleWording = role;
      if (role && /配合|协助|参与/.test(role))
        t.vague.push({ wording: clause, default: `${role}单位列为落实单位（implementing），同样报送` });
    }
  };

  for (const it of body) {
    if (it.type === 'heading') {
      const carrying = carries(body.indexOf(it));
      if (it.rank < taskRank && !(section === 'org' && it.rank > (groupRank ?? -1))) {
        close();
        org = undefined;
        const t = it.rest.replace(/[。.]$/, '');
        if (it.rank === groupRank && section !== 'org' && section !== 'goal') {
          group = groups.some((g) => g.id === it.num) ? `${group}.${it.num}` : it.num;
          groups.push({ id: group, title: t, line: it.line });
          continue;
        }
        if (it.rank < (groupRank ?? taskRank)) {
          section = /总体要求|指导思想|工作目标|目标任务/.test(t) ? 'goal' : /保障|组织领导|工作要求/.test(t) ? 'org' : 'work';
          if (groupRank === undefined && section === 'work') group = undefined;
          continue;
        }
      }
      if (section === 'org' && !carrying) {
        close();
        const [first] = sentences(it.rest);
        org = { id: it.num, title: first ?? it.rest, text: lines.find((l) => l.no === it.line)!.text, line: it.line };
        organisation.push(org);
        continue;
      }
      if (it.rank === taskRank) {
        if (section === 'goal') section = 'work';
        startTask(it.rest, it.line, it.num);
        continue;
      }
      if (task) taskParas.push({ text: it.rest, line: it.line });
      continue;
    }
    if (it.type === 'units') {
      if (task) assign(task, it.list, it.role, it.line);
      continue;
    }
    if (it.type === 'deadline') {
      if (task) deadlines.push({ text: it.text, line: it.line });
      continue;
    }
    if (it.type === 'row') {
      const cell = it.cells.task;
      if (!cell) continue;
      startTask(cell.text, cell.line, it.cells.no?.text);
      if (it.cells.responsible) assign(task!, it.cells.responsible.text, 'responsible', it.cells.responsible.line);
      if (it.cells.implementing) assign(task!, it.cells.implementing.text, 'implementing', it.cells.implementing.line);
      if (it.cells.deadline) deadlines.push({ text: it.cells.deadline.text, line: it.cells.deadline.line });
      continue;
    }
    // A paragraph.
    if (task) {
      // The task's paragraph may end with its units: 推进…建设。（各县（市、区）司法局负责）
      const br = trailingBracket(it.text);
      const own = br && assignsUnits(br.inner) && /牵头|配合|负责|落实|协助|参与/.test(br.inner);
      if (own) assign(task, br.inner, 'bracket', it.line);
      const text = own ? br.before.trim() : it.text;
      task.text += `\n${text}`;
      taskParas.push({ text, line: it.line });
    } else if (org) org.text += `\n${it.text}`;
    else if (section === 'goal' && !goal) {
      const d = findDates(it.text, year).dates[0];
      if (d) goal = { text: it.text, due: d.due, line: it.line };
    }
  }
  close();

  // Task numbers: as the notice numbers them when they are distinct, else in order.
  const nums = finished.map((f) => f.task.no);
  const distinct = new Set(nums).size === nums.length && nums.every((n) => n > 0);
  finished.forEach((f, i) => (f.task.no = distinct ? f.task.no : i + 1));

  // --- duties and targets -------------------------------------------------------------------------------------
  const groupTitle = new Map(groups.map((g) => [g.id, g.title]));
  const coverDuties = coverParas.flatMap((p) =>
    sentences(p.text).flatMap((s) => {
      const f = findDates(s, year);
      return REPORT.test(s) && (f.dates.length || f.recurring.length) ? [{ text: s, line: p.line }] : [];
    }),
  );
  for (const { task: t, paras, deadlines: dl } of finished) {
    if (t.responsible.length === 0 && t.implementing.length === 0) {
      // No bracket, line or column: the units are the subjects of the task's sentences (市司法局要…, 各县(市、区)政府于…).
      for (const p of paras)
        for (const s of sentences(p.text))
          for (const c of clauses(s)) {
            const subject = sentenceSubject(matcher, c);
            if (!subject || /^各(?:责任|成员|有关)?单位$/.test(subject)) continue;
            for (const n of matcher.splitList(subject)) {
              const r = resolvedName(n, p.line);
              if (!t.responsible.includes(r.name)) t.responsible.push(r.name);
            }
            t.assignmentLine ??= p.line;
          }
      if (t.responsible.length) t.vague.push({ wording: '（未列责任单位）', default: `以句中主语为责任单位：${t.responsible.join('、')}` });
      else review.push({ kind: 'no-units', line: t.line, zh: `任务${t.no}未写明责任单位，请在 responsible 中填写` });
    }
    const ctx: DutyContext = {
      t,
      year,
      issued,
      supervisor,
      matcher,
      review,
      resolvedName,
      topic: stripLeadingVerbs(groupTitle.get(t.group) ?? ''),
    };
    for (const p of paras) for (const s of sentences(p.text)) for (const seg of dateSegments(s, year)) sentenceDuties(ctx, seg, p.line);
    for (const d of dl) sentenceDuties(ctx, `${d.text}完成`, d.line, true);
    for (const c of coverDuties) for (const seg of dateSegments(c.text, year)) sentenceDuties(ctx, seg, c.line);
    for (const p of paras) for (const s of sentences(p.text)) targets(matcher, t, s, p.line);
    uniqueIds(t.duties);
    uniqueIds(t.targets);
  }

  const tasksOut = finished.map((f) => f.task);
  for (const u of unknown.values())
    review.push({
      kind: 'unknown-unit',
      line: u.line,
      zh: `${u.group ? '分组' : '单位'}“${u.name}”不在单位名录中${u.suggestion ? `，是否指“${u.suggestion}”？` : '，请在名录中添加'}`,
    });
  review.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  const plan: DraftPlan = {
    id: opts.id ?? `plan-${year}`,
    year,
    title,
    issuer,
    issued,
    ...(approvedBy ? { approvedBy } : {}),
    ...(addrIdx >= 0 ? { addressees: head[addrIdx].text.replace(/[:：]$/, '') } : {}),
    ...(cover ? { cover } : {}),
    ...(opts.source ? { source: opts.source } : {}),
    ...(opts.directoryFile ? { directory: opts.directoryFile } : {}),
    ...(preambleParas.length ? { preamble: preambleParas.map((p) => p.text).join('\n') } : {}),
    supervisor,
    ...(goal ? { goal } : {}),
    yearEnd: {
      id: 'annual',
      what: '年度工作落实情况',
      to: supervisor ? [supervisor] : [],
      due: `${year}-12-31`,
      vague: {
        wording: '通知未规定统一的年度报送',
        default: `各任务责任单位于${year}-12-31前向${supervisor || '方案监督单位'}报送年度落实情况`,
      },
    },
    groups: groups.filter((g) => tasksOut.some((t) => t.group === g.id)),
    tasks: tasksOut,
    organisation,
    lines: {
      ...(titleLine ? { title: titleLine.line } : {}),
      ...(issuerLine ? { issuer: issuerLine.line } : {}),
      ...(dateLine ? { issued: dateLine.line } : {}),
      ...(addrIdx >= 0 ? { addressees: head[addrIdx].line } : {}),
      ...(coverParas.length ? { cover: coverParas[0].line, approvedBy: coverParas[0].line } : {}),
      ...(preambleParas.length ? { preamble: preambleParas[0].line } : {}),
    },
  };
  const units = new Set(tasksOut.flatMap((t) => [...t.responsible, ...t.implementing]));
  const duties = tasksOut.flatMap((t) => t.duties);
  return {
    plan,
    review,
    unknownUnits: [...unknown.values()],
    counts: {
      groups: plan.groups.length,
      tasks: tasksOut.length,
      units: units.size,
      dated: duties.filter((d) => typeof d.due === 'string').length,
      recurring: duties.filter((d) => typeof d.due !== 'string').length,
      targets: tasksOut.reduce((n, t) => n + t.targets.length, 0),
    },
  };
}

interface DutyContext {
  t: DraftTask;
  year: number;
  issued: string;
  supervisor: string;
  matcher: UnitMatcher;
  review: ReviewPoint[];
  resolvedName: (phrase: string, line: number) => { name: string; wording?: string };
  /** The group's title without its leading verbs: qualifies a bare noun (中期评估). */
  topic: string;
}

/** The duties one sentence of a task sets. */
function sentenceDuties(ctx: DutyContext, s: string, line: number, fromDeadlineCell = false): void {
  const { t, year, supervisor } = ctx;
  const f = findDates(s, year);
  const reports = REPORT.test(s);
  const dated: (FoundDate | FoundRecurrence)[] = [...f.recurring, ...f.dates];
  if (dated.length === 0 && !reports && f.broken.length === 0) {
    const lasting = /(长期坚持|长期推进|常态化|动态调整)(?!机制|制度)/.exec(s)?.[1];
    if (lasting && !t.vague.some((v) => v.wording === lasting))
      t.vague.push({ wording: lasting, default: `未规定时限：按年底（${year}-12-31）报送年度落实情况` });
    return;
  }
  if (dated.length === 0 && !reports && !fromDeadlineCell) {
    // A broken date outside a report: flagged, nothing drafted.
    for (const b of f.broken) ctx.review.push({ kind: 'broken-date', line, zh: `任务${t.no}：日期“${b.wording}”看似残缺，请核对原文` });
    return;
  }

  // The quote: from the clause that sets the deadline (or asks for the report) to the sentence's end.
  const parts = clauses(s);
  const anchorAt = dated.length ? Math.min(...dated.map((d) => d.at)) : f.broken.length ? f.broken[0].at : s.search(REPORT);
  let offset = 0;
  let anchor = 0;
  parts.forEach((p, i) => {
    const at = s.indexOf(p, offset);
    if (at <= anchorAt) anchor = i;
    offset = at + p.length;
  });
  const quoteParts = parts.slice(anchor);
  quoteParts[0] = quoteParts[0].replace(/^(?:并|同时|另外|此外)/, '');
  const quote = quoteParts.join(s.includes('，') ? '，' : ',');
  const [beforeCompile, afterCompile] = quote.split(/汇总/);

  // Recipients.
  const recipients = (text: string): string[] => {
    const found: string[] = [];
    const patterns = [
      /向([^，,。；;]+?)(?:报告|报送|汇报|反馈|提交)/g,
      /(?:报送|上报|提交|(?<!汇)报(?!告|请))(?:至|给|到)?(?:分别|统一)?([^，,。；;]+)/g,
    ];
    for (const re of patterns)
      for (const m of text.matchAll(re)) {
        const phrase = m[1].replace(/^(?:分别|统一|至|给)/, '').replace(/(?:备案|审核|审定|审批|同意)$/, '');
        for (const p of ctx.matcher.splitList(phrase)) if (ctx.matcher.looksLikeBody(p) && !found.includes(p)) found.push(p);
      }
    return found;
  };
  const [mainPart, ccPart] = beforeCompile.split(/抄送/);
  let toPhrases = recipients(mainPart);
  const ccPhrases = ccPart ? ctx.matcher.splitList(ccPart.split(/[，,。；;]/)[0]).filter((p) => ctx.matcher.looksLikeBody(p)) : [];
  if (toPhrases.length && toPhrases.every((p) => OUTSIDE_PLAN.test(p))) {
    t.vague.push({
      wording: quote,
      default: `向${toPhrases.join('、')}的报告由各单位自行办理，不在本方案报送事项内；各单位年底向${supervisor}报送年度落实情况`,
    });
    return;
  }
  toPhrases = toPhrases.filter((p) => !OUTSIDE_PLAN.test(p));
  let to = toPhrases.map((p) => ctx.resolvedName(p, line).name);
  const cc = ccPhrases.map((p) => ctx.resolvedName(p, line).name);
  // A report whose only recipient is 同级司法行政部门 is collected by the plan's supervisor.
  if (to.length === 1 && to[0] === '同级司法行政部门' && cc.length === 0 && /司法局$/.test(supervisor)) to = [supervisor];
  let vague: Vague | undefined;
  const completion = /完成([^，,。；;]*)/.exec(quote)?.[1];
  if (to.length === 0) {
    to = supervisor ? [supervisor] : [];
    vague = {
      wording: `${completion !== undefined ? `完成${completion}` : quote}（未规定报送对象）`,
      default: `向方案监督单位${supervisor}报送完成情况`,
    };
    ctx.review.push({ kind: 'no-recipient', line, zh: `任务${t.no}：“${quote}”未写明报送对象，暂定报${supervisor}` });
  }
  const compiledBy = afterCompile !== undefined && to.length ? to[0] : undefined;
  let compiledTo: string[] | undefined;
  if (compiledBy && afterCompile) {
    compiledTo = recipients(afterCompile).map((p) =>
      RELATIVE.includes(p) && p === '本级政府' ? (ctx.matcher.government(compiledBy) ?? p) : ctx.resolvedName(p, line).name,
    );
    if (compiledTo.length === 0) compiledTo = undefined;
  }

  // Who delivers: the subject of a clause of the quote, else every unit of the task.
  let from: DraftDuty['from'] = 'task';
  for (const part of quoteParts) {
    const written = sentenceSubject(ctx.matcher, part);
    if (!written) continue;
    // 各责任单位 and the like: every unit of the task.
    if (/^各(?:责任|成员|有关)?单位$/.test(written)) break;
    from = [];
    for (const n of ctx.matcher.splitList(written)) {
      const r = ctx.resolvedName(n, line);
      if (!from.includes(r.name)) from.push(r.name);
      if (r.wording && !vague) vague = { wording: r.wording, default: `${r.name}全部成员单位` };
    }
    break;
  }

  // What is reported.
  const what = reportedThing(ctx, quote, beforeCompile, completion);

  const make = (d: FoundDate | FoundRecurrence | undefined, suffix: string, idHint?: string): DraftDuty => {
    const duty: DraftDuty = {
      id: idHint ?? dutyId(quote + what),
      what: what + suffix,
      from,
      to,
      cc,
      due: d ? d.due : `${year}-12-31`,
      ...(compiledBy ? { compiledBy } : {}),
      ...(compiledTo ? { compiledTo } : {}),
      quote,
      line,
      ...(d ? { dueWording: d.wording } : {}),
    };
    const v = d?.vague ? { wording: d.wording, default: d.vague } : vague;
    if (v) duty.vague = v;
    return duty;
  };

  if (dated.length === 0) {
    const word = findDates(quote, year).noDate ?? f.noDate ?? f.broken[0]?.wording ?? '未规定时限';
    const duty = make(undefined, '', f.noDate ? 'annual' : undefined);
    duty.vague = { wording: word, default: `年底（${year}-12-31）报送一次` };
    t.duties.push(duty);
    if (f.broken.length)
      ctx.review.push({
        kind: 'broken-date',
        line,
        zh: `任务${t.no}：日期“${f.broken[0].wording}”看似残缺，请核对原文（暂按年底 ${year}-12-31）`,
      });
    else ctx.review.push({ kind: 'no-date', line, zh: `任务${t.no}：“${quote}”未规定时限（${word}），暂按年底 ${year}-12-31` });
    return;
  }
  const dates = dated.filter((d): d is FoundDate => d.kind === 'date');
  for (const d of dated) {
    const several = dates.length > 1 && d.kind === 'date';
    const sameMonth = several && new Set(dates.map((x) => x.due.slice(0, 7))).size < dates.length;
    const [, mo, dd] = d.kind === 'date' ? d.due.split('-').map(Number) : [0, 0, 0];
    const suffix = several ? `（${sameMonth ? `${mo}月${dd}日` : `${mo}月`}）` : '';
    const id = d.kind === 'recurring' ? 'progress' : several ? (sameMonth ? `${MONTH_IDS[mo - 1]}${dd}` : MONTH_IDS[mo - 1]) : undefined;
    const duty = make(d, suffix, id);
    if (d.kind === 'date') {
      if (d.due < ctx.issued)
        ctx.review.push({ kind: 'early-date', line, zh: `任务${t.no}：截止日期 ${d.due}（“${d.wording}”）早于发文日期 ${ctx.issued}` });
      if (!d.due.startsWith(String(year))) {
        ctx.review.push({ kind: 'outside-year', line, zh: `任务${t.no}：截止日期 ${d.due}（“${d.wording}”）不在 ${year} 年度内` });
        if (d.due > `${year}`) duty.crossesYear = true;
      }
    }
    t.duties.push(duty);
  }
  for (const b of f.broken) ctx.review.push({ kind: 'broken-date', line, zh: `任务${t.no}：日期“${b.wording}”看似残缺，请核对原文` });
}

/** The units a clause opens with, as written: known names joined by 、, or an office followed by 要/应/于…. */
function sentenceSubject(matcher: UnitMatcher, clause: string): string | undefined {
  const lead = /^(?:由|请)/.exec(clause)?.[0].length ?? 0;
  const p = ascii(clause).slice(lead);
  const spellings = matcher.spellings();
  let at = 0;
  for (;;) {
    const hit = spellings.find((sp) => p.startsWith(sp, at) || p.startsWith(sp.replace(/各/g, '有关'), at));
    if (!hit) break;
    at += p.startsWith(hit, at) ? hit.length : hit.replace(/各/g, '有关').length;
    if (!/^[、和及与]/.test(p.slice(at))) break;
    at++;
  }
  if (
    at > 0 &&
    /^(?:要|应|须|需|于|在|将|负责|牵头|会同|按|组织|做好|加强|开展|推进|落实|联合|每|定期|及时|分别|统一|共同|切实|认真|积极|依法|,|，|$)/.test(
      p.slice(at),
    )
  )
    return clause.slice(lead, lead + at);
  const m = /^((?:[^，,。、]{2,15}?(?:局|办|委|部|政府|中心|支队)、?)+)(?:要|应|须|需|于|在|将|负责|牵头|会同)/.exec(p);
  return m ? clause.slice(lead, lead + m[1].replace(/、$/, '').length) : undefined;
}

/** A phrase without its deadline words (分别于6月27日、9月30日前, 每季度末（…）, 今年5月底前). */
function dropDates(s: string): string {
  return s
    .replace(/每(?:季度|月|半年)(?:[^，,报向]*?(?:前|内|末|底))?(?:[(（][^)）]*[)）])?/g, '')
    .replace(/(?:\d{4}年)?(?:今年)?(?:\d{1,2}月(?:\d{1,2}日|底|末|[上中下]旬)?|年底|年末|[上下]半年|\d{3,4}日)(?:前|之前)?/g, '')
    .replace(/^(?:分别|请)?(?:于|在)?[、和及,，]*/, '')
    .replace(/^[、和及]+|[、和及]+$/g, '');
}

/** A sentence cut where a clause sets a deadline of its own (3月底前制定计划，10月底前将情况报送…): one part each. */
function dateSegments(s: string, year: number): string[] {
  const parts = clauses(s);
  const sep = s.includes('，') ? '，' : ',';
  const out: string[][] = [];
  let seenDate = false;
  for (const p of parts) {
    const f = findDates(p, year);
    const dated = f.dates.length + f.recurring.length > 0;
    if (dated && seenDate) out.push([p]);
    else if (out.length) out[out.length - 1].push(p);
    else out.push([p]);
    seenDate ||= dated;
  }
  return out.map((x) => x.join(sep));
}

/** What a duty's report is about, from the notice's own words. */
function reportedThing(ctx: DutyContext, quote: string, beforeCompile: string, completion: string | undefined): string {
  const t = ctx.t;
  const strip = (s: string) => stripLeadingVerbs(dropDates(s).replace(/^(?:要|应|须)/, ''));
  const titleTopic = stripLeadingVerbs(t.title).replace(/^完成(?=.{3})/, '');
  const obj = /将(.+?)(?:分别|统一)?(?:报送|上报|提交|报)/.exec(beforeCompile)?.[1];
  if (obj) return strip(obj);
  const parts = clauses(beforeCompile);
  const verbClause = parts.findIndex((p) => /报送|上报|提交|(?<!汇)报(?!告|请)|向.+?(?:报告|汇报|反馈)/.test(p));
  if (verbClause >= 0) {
    const p = parts[verbClause];
    let noun = p.slice(0, p.search(/(?:分别|统一)?(?:报送|上报|提交|(?<!汇)报(?!告|请)|向)/));
    const subject = ctx.matcher.spellings().find((sp) => ascii(noun).startsWith(sp));
    if (subject) noun = noun.slice(subject.length);
    noun = dropDates(noun)
      .replace(/^(?:请|要|应|须|并|同时|及时|定期|适时|按时|一次|每次)+/, '')
      .replace(/(?:及时|定期|适时|按时|统一)+$/, '');
    if (noun) {
      const done = parts
        .slice(0, verbClause)
        .map((x) => /(?:完成|开展)(.+)/.exec(x)?.[1])
        .filter((x): x is string => !!x)
        .pop();
      if (done && noun.length <= 6) {
        const k = done.indexOf(noun.slice(0, 2));
        if (k >= 0) return done.slice(0, k) + noun;
        const bare = done.replace(/工作$/, '');
        return (bare.length <= 4 && ctx.topic ? ctx.topic : '') + bare + noun;
      }
      return noun;
    }
    const after = /(?:报送|上报|提交)(.+)$/.exec(p)?.[1];
    if (after && /(?:情况|报告|材料|总结|数据|台账|清单|结果|计划|方案)$/.test(after))
      return after.replace(/^(?:一次|每次)/, '').replace(/^(?:上月|本月|当月|上季度|本季度)/, '');
  }
  if (completion !== undefined) {
    const bare = completion.replace(/工作$/, '').replace(/[、和及].*$/, '');
    if (bare.length <= 4) return (titleTopic.includes(bare) ? titleTopic : bare) + '完成情况';
    return bare + '完成情况';
  }
  const own = dropDates(clauses(quote)[0] ?? '').replace(/^(?:要|应|须)/, '');
  const made = /^(?:形成|制定|完成|提交|报送|出台|建立|编制)(.+(?:报告|总结|方案|清单|台账|计划|制度|办法|意见))$/.exec(own)?.[1];
  if (made) return made;
  if (own) return /情况$/.test(own) ? own : `${own}情况`;
  return titleTopic + '落实情况';
}

function dutyId(text: string): string {
  return DUTY_IDS.find(([re]) => re.test(text))?.[1] ?? 'report';
}

function uniqueIds(list: { id: string }[]): void {
  const seen = new Map<string, number>();
  for (const x of list) {
    const n = (seen.get(x.id) ?? 0) + 1;
    seen.set(x.id, n);
    if (n > 1) x.id = `${x.id}-${n}`;
  }
}

/** Quantitative targets of one sentence: 不少于60学时, 4项地方标准, 首批552项. */
function targets(matcher: UnitMatcher, t: DraftTask, s: string, line: number): void {
  const add = (label: string, value: number, unit: string, comparator: DraftTarget['comparator'], quote: string) =>
    t.targets.push({ id: `target-${t.targets.length + 1}`, label, value, unit, comparator, reportIn: 'annual', quote, line });
  for (const clause of clauses(s)) {
    const a = ascii(clause);
    if (findDates(clause, 2000).dates.length) continue;
    const atLeast = new RegExp(`^(.*?)(不少于|不低于|至少|不超过|不高于|达到)(\\d+(?:\\.\\d+)?)(${MEASURE})的?(.*)$`);
    for (const seg of splitOutside(clause, '、')) {
      const m = atLeast.exec(ascii(seg));
      if (!m) continue;
      const who = sentenceSubject(matcher, m[1]);
      const subject = stripLeadingVerbs((who ? m[1].slice(who.length) : m[1]).replace(/^(?:要|应|须|需)/, ''))
        .replace(/^完成/, '')
        .replace(/(?:接受|完成|开展|达到|参加|组织)$/, '');
      const noun = m[5].replace(/^(?:有关|相关)/, '');
      const measure = /学时|小时|万元|亿元|%|％/.test(m[4]);
      const tail = /[%％]/.test(m[4]) ? '' : noun ? (m[4] === '次' ? '次数' : m[4]) : measure ? m[4] : m[4] === '次' ? '次数' : '数量';
      const comparator = /不超过|不高于/.test(m[2]) ? 'at-most' : 'at-least';
      add(subject + noun + tail, Number(m[3]), m[4], comparator, stripLeadingVerbs(seg));
    }
    if (atLeast.test(a) || /不少于|不低于|至少|不超过/.test(a)) continue;
    const items = [...a.matchAll(new RegExp(`(?<![\\d.年〔\\-—])(\\d+(?:\\.\\d+)?)(${MEASURE})(?![\\d号年月日])`, 'g'))];
    if (items.length === 0) continue;
    const quote = clause.replace(/^(?:并|同时)/, '');
    if (items.length > 1) {
      // A list: 制定市地方标准4个、其他规范性文件12个及自编标准9个.
      let prev = 0;
      let verb = '';
      items.forEach((m, i) => {
        let name = a.slice(prev, m.index!).replace(/^[、和及与,，]+/, '');
        if (i === 0) {
          const v = /^(.*?(?:制定|完成|建成|建设|培训|开展|出台|修订|组织|评选|打造|新增|办理|创建))(.+)$/.exec(stripLeadingVerbs(name));
          if (v) [verb, name] = [stripLeadingVerbs(v[1]) || v[1], v[2]];
          else name = stripLeadingVerbs(name);
        }
        prev = m.index! + m[0].length;
        add(verb + name.replace(/^[、和及与]+/, ''), Number(m[1]), m[2], 'at-least', quote);
      });
    } else {
      const m = items[0];
      const label = stripLeadingVerbs(clause.slice(0, m.index!)).replace(/^(?=)/, '') + clause.slice(m.index! + m[0].length);
      add(
        /^(?:完成|制定|建成)/.test(clause) ? clause.slice(0, m.index!) + clause.slice(m.index! + m[0].length) : label,
        Number(m[1]),
        m[2],
        'at-least',
        quote,
      );
    }
  }
}

export type { Item, Row };

/**
 * The issuer as the directory names it: 江门市司法局 is 市司法局 in a city's directory (its units drop the city's
 * name), unless the full name is known. A district's or county's office (佛山市顺德区人民政府办公室) keeps its name:
 * without the city it would read as a city office (市顺德区…) that names nothing.
 */
export function supervisorPhrase(issuer: string, known: (name: string) => boolean): string {
  const short = issuer.replace(/^[^市县区]{2,4}市(?=.+)/, '市');
  if (short === issuer || known(issuer)) return issuer;
  if (known(short)) return short;
  return /^[^市县区]{2,4}市[^市县区]{1,6}[区县]/.test(issuer) ? issuer : short;
}
