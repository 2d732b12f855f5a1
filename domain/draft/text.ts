// Text helpers for reading a notice: lines with their numbers, traditional to simplified characters,
// splitting sentences and clauses outside brackets, and the leading verbs stripped from titles.
import * as OpenCC from 'opencc-js';

/** One line of the notice as the reader found it; `no` is 1-based. */
export interface NoticeLine {
  no: number;
  text: string;
}

let toSimplified: ((s: string) => string) | undefined;

/**
 * Traditional characters to simplified when the notice is written in them (line numbers stay), lines trimmed,
 * blank lines dropped. A notice in simplified characters is left as written: the conversion would otherwise
 * change the odd character of a verbatim quote (著 in some phrases).
 */
export function normalizeLines(lines: NoticeLine[]): NoticeLine[] {
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' });
  const convert = toSimplified;
  const texts = lines.map((l) => l.text.replace(/[\u3000\u00a0]/g, ' '));
  const all = texts.join('\n');
  const simplified = convert(all);
  let changed = 0;
  for (let i = 0; i < all.length; i++) if (all[i] !== simplified[i]) changed++;
  const han = (all.match(/\p{Script=Han}/gu) ?? []).length;
  const traditional = han > 0 && changed / han >= 0.01;
  return lines.map((l, i) => ({ no: l.no, text: (traditional ? convert(texts[i]) : texts[i]).trim() })).filter((l) => l.text.length > 0);
}

/** Full-width digits and the punctuation that comes in two widths, as ASCII: one character for one, so indexes hold. */
export function ascii(s: string): string {
  return s.replace(/[０-９：（）；，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const OPEN = '(（《“【[';
const CLOSE = ')）》”】]';

/** Splits at any of `seps` that stands outside brackets and quotes; pieces keep their text verbatim, trimmed. */
export function splitOutside(s: string, seps: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && seps.includes(ch)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Sentences of a paragraph, without their closing 。；; */
export function sentences(s: string): string[] {
  return splitOutside(s, '。；;！!');
}

/** Comma clauses of a sentence. */
export function clauses(s: string): string[] {
  return splitOutside(s, '，,');
}

const LEADING_VERBS = [
  '督促指导',
  '督促',
  '指导',
  '开展',
  '推进',
  '推动',
  '加强',
  '深入',
  '全面',
  '认真',
  '依法',
  '稳妥',
  '稳步',
  '强化',
  '切实',
  '扎实',
  '持续',
  '积极',
  '组织',
  '落实',
  '贯彻',
  '计划',
  '进一步',
  '并',
  '同时',
  '及时',
  '定期',
  '适时',
];

/** A phrase without the verbs and adverbs that lead Chinese task titles (开展, 督促指导, 稳步推进 …). */
export function stripLeadingVerbs(s: string): string {
  let cur = s;
  for (let changed = true; changed;) {
    changed = false;
    for (const v of LEADING_VERBS)
      if (cur.startsWith(v) && cur.length > v.length + 1) {
        cur = cur.slice(v.length);
        changed = true;
      }
  }
  return cur;
}

/** Chinese numerals up to 99 (一 … 九十九) and ASCII digits, as a number. */
export function numeral(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const d = '零一二三四五六七八九';
  if (/^[零一二三四五六七八九]$/.test(s)) return d.indexOf(s);
  const m = /^([一二三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(s);
  if (m) return (m[1] ? d.indexOf(m[1]) : 1) * 10 + (m[2] ? d.indexOf(m[2]) : 0);
  return undefined;
}
