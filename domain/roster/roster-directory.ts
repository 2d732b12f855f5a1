// From a checked roster to a directory file, and back: a new directory, or a merge into an existing one that keeps
// its comments, key order and everything the roster does not say (aliases, escalation, supervisors, groups). Pure:
// text in, text out; the result is validated as `duban plan check` validates a directory before anyone writes it.
import { isMap, isSeq, parseDocument, Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { pinyin } from 'pinyin-pro';
import { buildDirectory } from '../plan/directory';
import { directorySchema, DirectoryFile, UnitSpec } from '../plan/schema';
import { readYaml, validate } from '../plan/yaml-source';
import { FIELD_ZH, HEADERS, KINDS, Roster, RosterEntry, RosterField, RosterKind, RosterPerson } from './roster';

const PERSON_KEYS = ['name', 'mobile', 'email', 'wecom'] as const;
const ROLES = ['contact', 'leader'] as const;

/**
 * A stable ASCII code for a unit: the initials of its name in pinyin without the leading 市 (市财政局 → czj, 台山市 → tss),
 * made unique with -2, -3 … against `taken`.
 */
export function unitCode(name: string, taken: Set<string>): string {
  const stem = name.replace(/^(中共)?市/, '') || name;
  const initials = pinyin(stem, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  let base = /^[a-z]/.test(initials) ? initials : `u${initials}`;
  if (base.length > 24) base = base.slice(0, 24);
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  taken.add(code);
  return code;
}

/** A unit's kind when the roster does not say: a county-level government by its name, otherwise a department. */
function guessKind(name: string): Exclude<RosterKind, 'recipient'> {
  return /^[^市].*[区县市]$/.test(name) ? 'county' : 'department';
}

const person = (p: RosterPerson) => Object.fromEntries(PERSON_KEYS.filter((k) => p[k]).map((k) => [k, p[k]]));

export interface NewDirectoryOptions {
  /** The supervising bureau (督办单位); default the row of that type, else the first unit whose name has 司法局, else the first unit. */
  bureau?: string;
  /** 本级政府 and 上级政府 of the directory's defaults; default the first and second 接收机关 rows. */
  government?: string;
  parentGovernment?: string;
}

export interface RosterResult {
  text: string;
  file: DirectoryFile;
  /** What changed, one Chinese line each. */
  changes: string[];
  /** What the user should look at (a default taken in place of a missing row), one Chinese line each. */
  notes: string[];
}

/** A new directory from a roster. */
export function newDirectory(roster: Roster, opts: NewDirectoryOptions = {}, file = 'directory.yaml'): RosterResult {
  const units = roster.entries.filter((e) => e.kind !== 'recipient');
  const recipients = roster.entries.filter((e) => e.kind === 'recipient');
  const notes: string[] = [];
  if (units.length === 0) throw new RosterDirectoryError([`${roster.sheet}：名册中没有需要报送的单位（全部为接收机关）`]);
  const bureau = opts.bureau ?? (units.find((u) => u.kind === 'bureau') ?? units.find((u) => u.name.includes('司法局')) ?? units[0]).name;
  if (!units.some((u) => u.name === bureau)) throw new RosterDirectoryError([`督办单位“${bureau}”不在名册中`]);
  const government = opts.government ?? recipients[0]?.name ?? bureau;
  const parentGovernment = opts.parentGovernment ?? recipients[1]?.name ?? government;
  if (!opts.government && !recipients[0]) notes.push(`名册中没有“接收机关”行：本级政府暂填为 ${government}，请在目录中改正`);
  if (!opts.parentGovernment && !recipients[1])
    notes.push(`名册中没有第二个“接收机关”行：上级政府暂填为 ${parentGovernment}，请在目录中改正`);

  const taken = new Set(roster.entries.flatMap((e) => (e.code ? [e.code] : [])));
  const data = {
    defaults: { government, parentGovernment, judicialBureau: bureau, escalatesTo: bureau },
    units: units.map((e) => ({
      name: e.name,
      ...(e.fullName ? { fullName: e.fullName } : {}),
      ...(e.aliases.length ? { aliases: e.aliases } : {}),
      code: e.code ?? unitCode(e.name, taken),
      kind: e.name === bureau ? 'bureau' : e.kind === 'bureau' ? 'department' : (e.kind ?? guessKind(e.name)),
      contact: person(e.contact),
      leader: person(e.leader),
      // The bureau tops the chain unless the office says otherwise in the directory.
      ...(e.name === bureau ? { escalatesTo: null } : {}),
    })),
    ...(recipients.length
      ? {
          recipients: recipients.map((e) => ({
            name: e.name,
            ...(e.fullName ? { fullName: e.fullName } : {}),
            code: e.code ?? unitCode(e.name, taken),
            email: e.contact.email,
          })),
        }
      : {}),
  };
  const doc = new Document(data);
  flowPeople(doc);
  doc.commentBefore = ' 单位通讯录：由 duban directory import 从名册导入';
  const text = doc.toString({ lineWidth: 0 });
  const changes = [
    ...data.units.map((u) => `新增单位：${u.name}（代码 ${u.code}）`),
    ...(data.recipients ?? []).map((r) => `新增接收机关：${r.name}（代码 ${r.code}）`),
  ];
  return { text, file: checked(text, file), changes, notes };
}

/**
 * Merges a roster into an existing directory: a unit is matched by name or alias; a changed contact or leader field is
 * updated and listed; a unit the directory lacks is added; units the roster lacks stay unless `prune`. The existing
 * text is edited in place, value by value: every other byte (comments, alignment, key order, flow lists) is kept.
 */
export function mergeIntoDirectory(existing: string, roster: Roster, opts: { prune?: boolean; file?: string } = {}): RosterResult {
  const file = opts.file ?? 'directory.yaml';
  const current = checked(existing, file);
  const edits = new TextEdits(existing);
  const changes: string[] = [];
  const notes: string[] = [];
  const taken = new Set([...current.units.map((u) => u.code), ...current.recipients.map((r) => r.code)]);
  const seen = new Set<number>();
  const added: Record<string, unknown>[] = [];
  const addedRecipients: Record<string, unknown>[] = [];

  for (const e of roster.entries) {
    if (e.kind === 'recipient') {
      const i = current.recipients.findIndex((r) => r.name === e.name);
      if (i >= 0) edits.update(['recipients', i], 'email', current.recipients[i].email, e.contact.email, `${e.name} 邮箱`, changes);
      else {
        const code = e.code ?? unitCode(e.name, taken);
        addedRecipients.push({ name: e.name, ...(e.fullName ? { fullName: e.fullName } : {}), code, email: e.contact.email });
        changes.push(`新增接收机关：${e.name}（代码 ${code}）`);
      }
      continue;
    }
    const i = current.units.findIndex((u) => u.name === e.name || u.aliases.includes(e.name));
    if (i < 0) {
      const code = e.code ?? unitCode(e.name, taken);
      added.push({
        name: e.name,
        ...(e.fullName ? { fullName: e.fullName } : {}),
        ...(e.aliases.length ? { aliases: e.aliases } : {}),
        code,
        kind: e.kind === 'bureau' ? 'department' : (e.kind ?? guessKind(e.name)),
        contact: person(e.contact),
        leader: person(e.leader),
      });
      changes.push(`新增单位：${e.name}（代码 ${code}）`);
      continue;
    }
    seen.add(i);
    const unit = current.units[i];
    if (e.fullName) edits.update(['units', i], 'fullName', unit.fullName, e.fullName, `${unit.name} 单位全称`, changes);
    for (const role of ROLES) {
      for (const key of PERSON_KEYS) {
        const field = `${role}.${key}` as RosterField;
        if (!roster.columns.has(field)) continue;
        const after = e[role][key];
        // Name and e-mail are required in a directory: a blank cell keeps them (the roster check asks for them anyway).
        if (after === undefined && (key === 'name' || key === 'email')) continue;
        edits.update(['units', i, role], key, unit[role][key], after, `${unit.name} ${FIELD_ZH[field]}`, changes);
      }
    }
  }

  const missing = current.units.map((u, i) => ({ u, i })).filter(({ i }) => !seen.has(i));
  if (missing.length && opts.prune) {
    for (const { i } of missing) edits.deleteItem(['units'], i);
    changes.push(...missing.map(({ u }) => `删除单位：${u.name}（名册中没有）`));
  } else if (missing.length) {
    notes.push(`名册中没有、目录中保留的单位（${missing.length} 个）：${missing.map(({ u }) => u.name).join('、')}（加 --prune 可删除）`);
  }
  if (added.length) edits.append(['units'], added);
  if (addedRecipients.length) edits.append(['recipients'], addedRecipients);
  const text = edits.apply();
  return { text, file: checked(text, file), changes, notes };
}

/** Edits of a YAML text at the ranges of its nodes, applied last to first. */
class TextEdits {
  private readonly doc: Document;
  private readonly edits: { from: number; to: number; text: string }[] = [];
  constructor(private readonly text: string) {
    this.doc = parseDocument(text);
  }

  update(
    mapPath: (string | number)[],
    key: string,
    before: string | undefined,
    after: string | undefined,
    what: string,
    changes: string[],
  ) {
    if ((before ?? '') === (after ?? '')) return;
    changes.push(`更新 ${what}：${before ?? '（空）'} → ${after ?? '（空）'}`);
    const map = this.doc.getIn(mapPath, true) as YAMLMap<Scalar, Scalar>;
    const pair = map.items.find((p) => p.key.value === key);
    if (pair && after !== undefined) {
      const [from, to] = pair.value!.range!;
      this.edits.push({ from, to, text: scalar(after) });
    } else if (pair) {
      // Removed with the separator before it (flow) or its whole line (block).
      const from = map.flow ? this.text.lastIndexOf(',', pair.key.range![0]) : this.lineStart(pair.key.range![0]);
      const to = map.flow ? pair.value!.range![1] : this.lineEnd(pair.value!.range![2]);
      this.edits.push({ from, to, text: '' });
    } else if (map.flow) {
      const close = this.text.lastIndexOf('}', map.range![1]);
      const at = this.text.slice(0, close).trimEnd().length;
      this.edits.push({ from: at, to: at, text: `, ${key}: ${scalar(after!)}` });
    } else {
      const last = map.items[map.items.length - 1];
      const at = this.lineEnd(last.value!.range![2]);
      const indent = ' '.repeat(this.column(last.key.range![0]));
      this.edits.push({ from: at, to: at, text: `${indent}${key}: ${scalar(after!)}\n` });
    }
  }

  /** Removes item `i` of a block sequence with its lines (a comment right above it stays). */
  deleteItem(seqPath: (string | number)[], i: number) {
    const seq = this.doc.getIn(seqPath, true) as YAMLSeq<YAMLMap>;
    const item = seq.items[i];
    const from = this.lineStart(item.range![0]);
    const next = seq.items[i + 1];
    const to = next ? this.lineStart(next.range![0]) : this.lineEnd(item.range![2]);
    this.edits.push({ from, to: Math.max(from, to), text: '' });
  }

  /** Adds block items after the last item of a sequence (or a new key at the end of the file). */
  append(seqPath: (string | number)[], items: Record<string, unknown>[]) {
    const seq = this.doc.getIn(seqPath, true) as YAMLSeq<YAMLMap> | undefined;
    const last = seq?.items[seq.items.length - 1];
    const indent = last ? this.column(last.range![0]) - 2 : 2;
    const block = new Document(items);
    for (const u of (block.contents as YAMLSeq<YAMLMap>).items)
      for (const role of ROLES) {
        const p = u.get(role, true) as unknown as YAMLMap | undefined;
        if (p) p.flow = true;
      }
    const body = block
      .toString({ lineWidth: 0 })
      .trimEnd()
      .split('\n')
      .map((l) => ' '.repeat(indent) + l)
      .join('\n');
    if (last) {
      const at = this.lineEnd(last.range![2]);
      this.edits.push({ from: at, to: at, text: `${body}\n` });
    } else {
      const at = this.text.length;
      this.edits.push({ from: at, to: at, text: `${this.text.endsWith('\n') ? '' : '\n'}${seqPath.join('.')}:\n${body}\n` });
    }
  }

  apply(): string {
    let out = this.text;
    for (const e of [...this.edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
    return out;
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }
  /** The offset after the newline of the line holding `offset - 1` (a node's end is just past its last character). */
  private lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', Math.max(0, offset - 1));
    return nl < 0 ? this.text.length : nl + 1;
  }
  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }
}

/** A value as it can stand plain in block and flow context, quoted otherwise (digits, so a mobile stays a string). */
function scalar(v: string): string {
  return /^[\p{L}\p{N}_.@-]+$/u.test(v) && !/^[\d.-]+$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) ? v : JSON.stringify(v);
}

/** Contact and leader on one line each, as plans/directory.yaml writes them. */
function flowPeople(doc: Document) {
  const units = doc.get('units', true);
  if (!isSeq(units)) return;
  for (const u of (units as YAMLSeq).items) if (isMap(u)) for (const role of ROLES) (u.get(role, true) as unknown as YAMLMap).flow = true;
}

/** Validates a directory text as the plan loader does; throws PlanFileError with file:line for every problem. */
export function checked(text: string, file: string): DirectoryFile {
  const src = readYaml(text, file);
  const dir = validate(src, directorySchema);
  buildDirectory(dir, src);
  return dir;
}

export class RosterDirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'RosterDirectoryError';
  }
}

/** The export layout: the first spelling of each header, in this order. */
export const EXPORT_FIELDS: RosterField[] = [
  'name',
  'fullName',
  'code',
  'kind',
  'aliases',
  'contact.name',
  'contact.mobile',
  'contact.email',
  'contact.wecom',
  'leader.name',
  'leader.mobile',
  'leader.email',
  'leader.wecom',
];
export const EXPORT_HEADERS = EXPORT_FIELDS.map((f) => HEADERS[f][0]);

/** A directory as roster rows (texts in EXPORT_FIELDS order): its units, then its recipients (接收机关). */
export function directoryToRows(dir: DirectoryFile): string[][] {
  const kindZh = (k: RosterKind) => KINDS[k][0];
  // Recipients are written in the order the defaults use them, so a new directory made from the export names the same ones.
  const order = [dir.defaults.government, dir.defaults.parentGovernment];
  const recipients = [...dir.recipients].sort((a, b) => rank(order, a.name) - rank(order, b.name));
  return [
    ...dir.units.map((u) => [
      u.name,
      u.fullName ?? '',
      u.code,
      kindZh(u.kind),
      u.aliases.join('、'),
      ...ROLES.flatMap((role) => PERSON_KEYS.map((k) => u[role][k] ?? '')),
    ]),
    ...recipients.map((r) => [r.name, r.fullName ?? '', r.code, kindZh('recipient'), '', '', '', r.email, '', '', '', '', '']),
  ];
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}
