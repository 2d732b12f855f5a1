// A draft as a plan file in the ordinary hand-edited format: the key order of plans/jiangmen-2024.yaml,
// the notice's words in double quotes, and a `# 第N行` comment on every field taken from the notice
// (comments survive the yaml package's Document round trip; a `source:` field would change the schema).
import type { Draft, DraftDuty, DraftTarget, Vague } from './draft';
import type { RecurringDue } from './dates';

/** Double-quoted YAML (JSON strings are valid YAML). */
const q = (s: string) => JSON.stringify(s);
/** Plain where YAML reads it back as the same string, else quoted. */
function plain(s: string): string {
  return /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z0-9()（）、·\-_“”《》]*$/u.test(s) && !/^(?:true|false|null|yes|no|on|off)$/i.test(s)
    ? s
    : q(s);
}
const list = (xs: string[]) => `[${xs.map(plain).join(', ')}]`;
const at = (line: number | undefined, extra = '') => (line ? `  # 第${line}行${extra ? `：${extra}` : ''}` : extra ? `  # ${extra}` : '');
const vagueFlow = (v: Vague) => `{ wording: ${q(v.wording)}, default: ${q(v.default)} }`;
const due = (d: string | RecurringDue) => (typeof d === 'string' ? d : `{ every: ${d.every}, month: ${d.month}, day: ${d.day} }`);

export function renderPlan(draft: Draft, header: string[] = []): string {
  const p = draft.plan;
  const out: string[] = [...header.map((h) => `# ${h}`)];
  if (header.length) out.push('');
  out.push(`id: ${p.id}`, `year: ${p.year}`);
  out.push(`title: ${q(p.title)}${at(p.lines.title)}`);
  out.push(`issuer: ${plain(p.issuer || '（请填写发文单位）')}${at(p.lines.issuer)}`);
  out.push(`issued: ${p.issued}${at(p.lines.issued)}`);
  if (p.approvedBy) out.push(`approvedBy: ${plain(p.approvedBy)}${at(p.lines.approvedBy)}`);
  if (p.addressees) out.push(`addressees: ${q(p.addressees)}${at(p.lines.addressees)}`);
  if (p.cover) out.push(`cover: ${q(p.cover)}${at(p.lines.cover)}`);
  if (p.source) out.push(`source: ${q(p.source)}`);
  if (p.directory) out.push(`directory: ${q(p.directory)}`);
  if (p.preamble) out.push(`preamble: ${q(p.preamble)}${at(p.lines.preamble)}`);
  out.push('', `supervisor: ${plain(p.supervisor || '（请填写监督单位）')}${at(p.lines.issuer, '发文单位')}`);
  if (p.goal) out.push('', 'goal:', `  text: ${q(p.goal.text)}${at(p.goal.line)}`, `  due: ${p.goal.due}`);
  const ye = p.yearEnd;
  out.push(
    '',
    'yearEnd:',
    `  id: ${ye.id}`,
    `  what: ${ye.what}`,
    `  to: ${list(ye.to)}`,
    `  due: ${ye.due}`,
    `  vague: ${vagueFlow(ye.vague)}`,
    '',
    'groups:',
  );
  for (const g of p.groups) out.push(`  - id: ${plain(g.id)}${at(g.line)}`, `    title: ${q(g.title)}`);
  out.push('', 'tasks:');
  for (const t of p.tasks) {
    out.push(`  - no: ${t.no}${at(t.line)}`, `    group: ${plain(t.group)}`, `    title: ${q(t.title)}`, `    text: ${q(t.text)}`);
    if (t.assignment) out.push(`    assignment: ${q(t.assignment)}${at(t.assignmentLine !== t.line ? t.assignmentLine : undefined)}`);
    out.push(`    responsible: ${list(t.responsible)}`);
    if (t.responsibleWording) out.push(`    responsibleWording: ${plain(t.responsibleWording)}`);
    out.push(`    implementing: ${list(t.implementing)}`);
    if (t.vague.length) {
      out.push('    vague:');
      for (const v of t.vague) out.push(`      - ${vagueFlow(v)}`);
    }
    if (t.duties.length) {
      out.push('    duties:');
      for (const d of t.duties) out.push(...duty(d));
    }
    if (t.targets.length) {
      out.push('    targets:');
      for (const x of t.targets) out.push(target(x));
    }
  }
  if (p.organisation.length) {
    out.push('', 'organisation:');
    for (const o of p.organisation) out.push(`  - id: ${plain(o.id)}${at(o.line)}`, `    title: ${q(o.title)}`, `    text: ${q(o.text)}`);
  }
  return out.join('\n') + '\n';
}

function duty(d: DraftDuty): string[] {
  const out = [
    `      - id: ${d.id}${at(d.line)}`,
    `        what: ${q(d.what)}`,
    `        from: ${d.from === 'task' ? 'task' : list(d.from)}`,
    `        to: ${list(d.to)}`,
  ];
  if (d.cc.length) out.push(`        cc: ${list(d.cc)}`);
  out.push(`        due: ${due(d.due)}${d.dueWording ? `  # ${d.dueWording}` : ''}`);
  if (d.crossesYear) out.push('        crossesYear: true');
  if (d.compiledBy) out.push(`        compiledBy: ${plain(d.compiledBy)}`);
  if (d.compiledTo) out.push(`        compiledTo: ${list(d.compiledTo)}`);
  out.push(`        quote: ${q(d.quote)}`);
  if (d.vague) out.push(`        vague: ${vagueFlow(d.vague)}`);
  return out;
}

function target(x: DraftTarget): string {
  return (
    `      - { id: ${x.id}, label: ${q(x.label)}, value: ${x.value}, unit: ${plain(x.unit)}, comparator: ${x.comparator}, ` +
    `reportIn: ${x.reportIn}, quote: ${q(x.quote)} }${at(x.line)}`
  );
}

/** The review list a person reads after drafting, in Chinese. */
export function renderReview(draft: Draft): string[] {
  const c = draft.counts;
  const out = [
    `识别结果：任务组 ${c.groups} 个，任务 ${c.tasks} 项，单位和分组 ${c.units} 个，定日报送事项 ${c.dated} 项，周期性报送事项 ${c.recurring} 项，量化指标 ${c.targets} 项`,
  ];
  if (draft.review.length === 0) out.push('无待确认事项。');
  else {
    out.push(`待确认事项 ${draft.review.length} 项：`);
    for (const r of draft.review) out.push(`  ${r.line ? `第${r.line}行` : '全文'}：${r.zh}`);
  }
  return out;
}
