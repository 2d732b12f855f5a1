// Unit phrases of a notice matched against the directory: exact names and aliases, the county prefix left
// out (监察局 for 市监察局), 有关 for 各, the known group words, then near names as suggestions.
import type { Directory } from '../plan/directory';
import { closest } from '../plan/suggest';
import { splitOutside } from './text';

/** Recipients that resolve per unit when the plan runs. */
export const RELATIVE = ['本级政府', '上级政府', '同级司法行政部门'];

/** Groups notices use instead of naming units. */
export const GROUP_WORDS = [
  '市直各行政执法部门',
  '市直各有关单位',
  '市直各单位',
  '市直有关部门',
  '市直各部门',
  '各县(市、区)政府',
  '各县(市、区)人民政府',
  '各县(市、区)',
  '各县(市、区)司法局',
  '各乡镇(街道)',
  '各镇(街)',
  '各有关单位',
  '各有关部门',
  '各成员单位',
  '各责任单位',
];

export type Resolved =
  | { kind: 'unit' | 'group' | 'recipient' | 'relative'; name: string; wording?: string }
  | { kind: 'unknown'; name: string; group: boolean; suggestion?: string };

/** Spelling key: brackets, colons and spaces in one width. */
const key = (s: string) =>
  s
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s\u3000]/g, '')
    .trim();

export class UnitMatcher {
  private readonly names = new Map<string, { name: string; kind: 'unit' | 'group' | 'recipient' }>();
  private readonly groupKeys = new Set(GROUP_WORDS.map(key));
  readonly government: (unit: string) => string | undefined;
  /** The issuer's city (江门市): 市人民政府 in its notice is 江门市人民政府. */
  city?: string;

  constructor(readonly directory?: Directory) {
    for (const [spelling, v] of directory?.names ?? []) this.names.set(key(spelling), v);
    this.government = (unit) => {
      const u = directory?.units.get(unit);
      return u?.government ?? (u ? directory?.file.defaults.government : undefined);
    };
  }

  /** Every spelling the matcher knows, longest first (to find a sentence's subject). */
  spellings(): string[] {
    return [...this.names.keys(), ...this.groupKeys].sort((a, b) => b.length - a.length);
  }

  resolve(phrase: string): Resolved {
    const p = key(phrase)
      .replace(/^[、，,]+|[、，,。]+$/g, '')
      .replace(/^(?:由|请|会同)/, '');
    if (RELATIVE.includes(p)) return { kind: 'relative', name: p };
    const tries: [string, boolean][] = [
      [p, false],
      [`市${p}`, false],
      [p.replace(/^[^市县区]{2,4}市(?=.+)/, '市'), false],
      [this.city && p.startsWith('市') ? this.city + p.slice(1) : '', false],
      [this.city && p.startsWith('市') ? this.city + p.slice(1).replace(/^政府/, '人民政府') : '', false],
      [p.replace(/有关/g, '各'), true],
      [p.replace(/人民政府$/, '政府'), false],
      [p.replace(/政府$/, '人民政府'), false],
    ];
    for (const [t, wordingMatters] of tries) {
      const hit = this.names.get(t);
      if (hit)
        return (wordingMatters && t !== p) || (p.includes('有关') && !hit.name.includes('有关')) ? { ...hit, wording: phrase } : { ...hit };
    }
    // A section of a known unit (市司法局行政复议科): the unit.
    const parent = [...this.names.keys()]
      .filter((n) => p.startsWith(n) && /^\p{Script=Han}{1,10}(?:科|处|室|股|所|队)$/u.test(p.slice(n.length)))
      .sort((a, b) => b.length - a.length)[0];
    if (parent) return { ...this.names.get(parent)!, wording: phrase };
    const group = this.groupKeys.has(p) || this.groupKeys.has(p.replace(/有关/g, '各')) || /^各/.test(p);
    const suggestion = this.names.size ? (closest(p, this.names.keys()) ?? closest(`市${p}`, this.names.keys())) : undefined;
    return { kind: 'unknown', name: p, group, ...(suggestion ? { suggestion: this.names.get(suggestion)!.name } : {}) };
  }

  /** Splits a list of units (、，和及 outside brackets; 和/及 only where the parts are known units). */
  splitList(list: string): string[] {
    const out: string[] = [];
    for (const piece of splitOutside(list, '、，,；;')) {
      const parts = piece.split(/和|及|与/);
      if (parts.length > 1 && this.resolve(piece).kind === 'unknown' && parts.every((x) => x && this.resolve(x).kind !== 'unknown'))
        out.push(...parts);
      else out.push(piece);
    }
    return out.filter((x) => x.length > 0);
  }

  /** Whether a phrase reads as the name of a body (known, a group word, or ending like an office does). */
  looksLikeBody(phrase: string): boolean {
    const r = this.resolve(phrase);
    if (r.kind !== 'unknown') return true;
    return r.group || /(?:局|办|办公室|委|委员会|部|政府|中心|支队|大队|院|所|组|室|处|科|队|厅)$/.test(key(phrase));
  }
}
