// Reads YAML text keeping positions, so every error can name its line; validates with a zod schema and
// turns zod's issues into bilingual PlanIssues. Pure: the caller reads the file.
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, Document, visit } from 'yaml';
import type { z } from 'zod';
import { zhCN } from 'zod/v4/locales';
import { FieldPath, formatPath, PlanFileError, PlanIssue } from './issues';
import { BILINGUAL_SEPARATOR } from './schema';

export interface YamlSource {
  file: string;
  data: unknown;
  /** The line a field is written on (its nearest written ancestor when the field is missing). */
  lineOf(path: FieldPath): number | undefined;
}

export function readYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    throw new PlanFileError(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line,
        path: '',
        zh: 'YAML 语法错误',
        en: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      })),
    );
  }
  return { file, data: expand(doc, lineCounter, file), lineOf: (path) => lineOf(doc, lineCounter, path) };
}

/** The document as plain data; aliases that would expand without bound (an "alias bomb") are refused. */
function expand(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    let line: number | undefined;
    visit(doc, {
      Alias(_, node) {
        if (node.range) line = lc.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const en = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new PlanFileError([{ file, line, path: '', zh: 'YAML 别名（*引用）展开过多，文件不予读取', en }]);
  }
}

function lineOf(doc: Document, lc: LineCounter, path: FieldPath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    // A key whose value is empty: point at the key.
    if (n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[n - 1]);
        if (pair && isScalar(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
      }
    }
  }
  return undefined;
}

const zh = zhCN().localeError;

/** Validates `src.data` against `schema`; throws a PlanFileError listing every issue with its line. */
export function validate<S extends z.ZodType>(src: YamlSource, schema: S): z.infer<S> {
  const result = schema.safeParse(src.data, { reportInput: true });
  if (result.success) return result.data;
  throw new PlanFileError(result.error.issues.flatMap((i) => toPlanIssues(src, i)));
}

function toPlanIssues(src: YamlSource, issue: z.core.$ZodIssue): PlanIssue[] {
  const path = issue.path as FieldPath;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file: src.file,
      line: src.lineOf([...path, key]),
      path: formatPath([...path, key]),
      zh: `未知字段 "${key}"`,
      en: `unknown field "${key}"`,
    }));
  }
  const [zhText, enText] = issue.message.includes(BILINGUAL_SEPARATOR)
    ? issue.message.split(BILINGUAL_SEPARATOR)
    : missing(issue)
      ? ['缺少必填字段', 'required field is missing']
      : [localized(issue), issue.message];
  return [{ file: src.file, line: src.lineOf(path), path: formatPath(path), zh: zhText, en: enText }];
}

function missing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.input === undefined;
}

function localized(issue: z.core.$ZodIssue): string {
  const out = zh(issue as never);
  return typeof out === 'string' ? out : (out?.message ?? issue.message);
}
