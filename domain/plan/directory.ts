// The unit directory: names and aliases, groups that expand to units, recipients, and each unit's
// escalation chain. Built from a validated directory file; every broken reference is reported with its line.
import type { DirectoryFile, UnitSpec } from './schema';
import { FieldPath, formatPath, PlanFileError, PlanIssue } from './issues';
import type { YamlSource } from './yaml-source';
import { unknownName } from './suggest';

export type Person = UnitSpec['contact'];
export type NameKind = 'unit' | 'group' | 'recipient';

export interface Directory {
  file: DirectoryFile;
  units: Map<string, UnitSpec>;
  groups: Map<string, string[]>;
  recipients: Map<string, DirectoryFile['recipients'][number]>;
  /** Every accepted spelling (name or alias) -> canonical name and kind. */
  names: Map<string, { name: string; kind: NameKind }>;
}

export interface ChainLink {
  role: 'contact' | 'leader' | 'supervisor';
  unit: string;
  person: Person;
}

export function buildDirectory(file: DirectoryFile, src: YamlSource): Directory {
  const issues: PlanIssue[] = [];
  const issue = (path: FieldPath, m: { zh: string; en: string }) =>
    issues.push({ file: src.file, line: src.lineOf(path), path: formatPath(path), ...m });

  const dir: Directory = { file, units: new Map(), groups: new Map(), recipients: new Map(), names: new Map() };
  const codes = new Map<string, string>();
  const claim = (spelling: string, name: string, kind: NameKind, path: FieldPath) => {
    const prior = dir.names.get(spelling);
    if (prior && prior.name !== name)
      issue(path, { zh: `名称 "${spelling}" 与 "${prior.name}" 重复`, en: `name "${spelling}" is already used by "${prior.name}"` });
    else dir.names.set(spelling, { name, kind });
  };
  const claimCode = (code: string, name: string, path: FieldPath) => {
    const prior = codes.get(code);
    if (prior) issue(path, { zh: `代码 "${code}" 与 "${prior}" 重复`, en: `code "${code}" is already used by "${prior}"` });
    else codes.set(code, name);
  };

  file.units.forEach((u, i) => {
    dir.units.set(u.name, u);
    claim(u.name, u.name, 'unit', ['units', i, 'name']);
    u.aliases.forEach((a, j) => claim(a, u.name, 'unit', ['units', i, 'aliases', j]));
    claimCode(u.code, u.name, ['units', i, 'code']);
  });
  file.recipients.forEach((r, i) => {
    dir.recipients.set(r.name, r);
    claim(r.name, r.name, 'recipient', ['recipients', i, 'name']);
    claimCode(r.code, r.name, ['recipients', i, 'code']);
  });
  file.groups.forEach((g, i) => {
    claim(g.name, g.name, 'group', ['groups', i, 'name']);
    g.aliases.forEach((a, j) => claim(a, g.name, 'group', ['groups', i, 'aliases', j]));
  });

  const unitSpellings = () => [...dir.names].filter(([, v]) => v.kind === 'unit').map(([k]) => k);
  file.groups.forEach((g, i) => {
    if (g.members.length === 0)
      issue(['groups', i, 'members'], { zh: `分组 "${g.name}" 没有成员`, en: `group "${g.name}" has no members` });
    const members: string[] = [];
    g.members.forEach((m, j) => {
      const hit = dir.names.get(m);
      if (hit?.kind === 'unit') members.push(hit.name);
      else issue(['groups', i, 'members', j], unknownName({ zh: '单位', en: 'unit' }, m, unitSpellings()));
    });
    dir.groups.set(g.name, [...new Set(members)]);
  });

  // References to other bodies must resolve to a unit or a recipient.
  const bodies = () => [...dir.names].filter(([, v]) => v.kind !== 'group').map(([k]) => k);
  const checkBody = (value: string | null | undefined, path: FieldPath, unitsOnly = false) => {
    if (value === null || value === undefined) return;
    const hit = dir.names.get(value);
    if (!hit || hit.kind === 'group' || (unitsOnly && hit.kind !== 'unit')) {
      issue(
        path,
        unknownName(
          { zh: unitsOnly ? '单位' : '单位或接收机关', en: unitsOnly ? 'unit' : 'unit or recipient' },
          value,
          unitsOnly ? unitSpellings() : bodies(),
        ),
      );
    }
  };
  (['government', 'parentGovernment', 'judicialBureau'] as const).forEach((k) => checkBody(file.defaults[k], ['defaults', k]));
  checkBody(file.defaults.escalatesTo, ['defaults', 'escalatesTo'], true);
  file.units.forEach((u, i) => {
    (['government', 'parentGovernment', 'judicialBureau'] as const).forEach((k) => checkBody(u[k], ['units', i, k]));
    checkBody(u.escalatesTo, ['units', i, 'escalatesTo'], true);
  });

  if (issues.length === 0) {
    file.units.forEach((u, i) => {
      const cycle = escalationCycle(dir, u.name);
      // Reported on the units that form the cycle, not on every unit whose chain runs into it.
      if (cycle && cycle[0] === u.name)
        issue(['units', i, 'escalatesTo'], {
          zh: `督办链形成循环：${cycle.join(' → ')}`,
          en: `escalation chain has a cycle: ${cycle.join(' -> ')}`,
        });
    });
  }
  if (issues.length) throw new PlanFileError(issues);
  return dir;
}

function nextUp(dir: Directory, unit: string): string | null {
  const u = dir.units.get(unit)!;
  const next = u.escalatesTo === undefined ? dir.file.defaults.escalatesTo : u.escalatesTo;
  if (next === null || next === unit) return null; // top of the chain, or the default pointing at itself
  return dir.names.get(next)?.name ?? null;
}

function escalationCycle(dir: Directory, start: string): string[] | undefined {
  const seen = [start];
  for (let cur = nextUp(dir, start); cur; cur = nextUp(dir, cur)) {
    if (seen.includes(cur)) return [...seen.slice(seen.indexOf(cur)), cur];
    seen.push(cur);
  }
  return undefined;
}

/**
 * Who is addressed at each rung: the unit's contact (提醒), its leader (催办), then for each body up the
 * chain its supervisor or, lacking one, its contact (督办, 通报).
 */
export function escalationChain(dir: Directory, unit: string): ChainLink[] {
  const u = dir.units.get(unit);
  if (!u) throw new Error(`not a unit: ${unit}`);
  const chain: ChainLink[] = [
    { role: 'contact', unit, person: u.contact },
    { role: 'leader', unit, person: u.leader },
  ];
  for (let up = nextUp(dir, unit); up; up = nextUp(dir, up)) {
    const b = dir.units.get(up)!;
    chain.push(b.supervisor ? { role: 'supervisor', unit: up, person: b.supervisor } : { role: 'contact', unit: up, person: b.contact });
  }
  return chain;
}

/** Units named directly or through groups, in order of first mention, without repeats. */
export function expandUnits(dir: Directory, names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const hit = dir.names.get(n);
    if (hit?.kind === 'unit') out.push(hit.name);
    else if (hit?.kind === 'group') out.push(...dir.groups.get(hit.name)!);
  }
  return [...new Set(out)];
}
