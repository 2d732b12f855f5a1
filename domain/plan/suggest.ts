// "Did you mean …?" for unknown unit names.
import { distance } from 'fastest-levenshtein';

/** The closest candidate to `input`, if close enough to be a plausible typo or abbreviation. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    // Chinese names are short: a missing 市/区 or one wrong character is a typo, so is containment.
    const score = c.includes(input) || input.includes(c) ? Math.abs(c.length - input.length) * 0.5 : distance(input, c);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best !== undefined && bestScore <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}

/** The bilingual "unknown … did you mean" message. */
export function unknownName(what: { zh: string; en: string }, name: string, candidates: Iterable<string>): { zh: string; en: string } {
  const hint = closest(name, candidates);
  return {
    zh: `未知的${what.zh} "${name}"${hint ? `，是否指 "${hint}"？` : ''}`,
    en: `unknown ${what.en} "${name}"${hint ? `; did you mean "${hint}"?` : ''}`,
  };
}
