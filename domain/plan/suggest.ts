// "Did you mean …?" for unknown unit names.
import { distance } from 'fastest-levenshtein';

/** The closest candidate to `input`, if close enough to be a plausible typo or abbreviation. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    // Chinese names are short: a dropped 市/区 or 人民 (one name reads inside the other) is the likeliest slip,
    // then an edit distance, ties going to the longer shared beginning.
    const score =
      isSubsequence(input, c) || isSubsequence(c, input)
        ? Math.abs(c.length - input.length) * 0.5
        : distance(input, c) - 0.1 * sharedPrefix(input, c);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  // One or two characters are too little to guess from unless one name contains the other.
  const allowed = input.length <= 2 ? 0.5 : Math.ceil(input.length / 3);
  return best !== undefined && bestScore <= allowed ? best : undefined;
}

/** The bilingual "unknown … did you mean" message. */
export function unknownName(what: { zh: string; en: string }, name: string, candidates: Iterable<string>): { zh: string; en: string } {
  const hint = closest(name, candidates);
  return {
    zh: `未知的${what.zh} "${name}"${hint ? `，是否指 "${hint}"？` : ''}`,
    en: `unknown ${what.en} "${name}"${hint ? `; did you mean "${hint}"?` : ''}`,
  };
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
