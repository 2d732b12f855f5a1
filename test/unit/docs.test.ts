/**
 * The docs name only what exists: every `npm run x` is a script of package.json, every repo path in backticks is
 * in the tree, every `duban <command>` is a command of the CLI (read from its program, not from its help text).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../cli/cli';

const root = join(__dirname, '..', '..');
const docs = [
  'README.md',
  'BENCHMARKS.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const text = (file: string) => readFileSync(join(root, file), 'utf8');

/** Folders that the programs create at run time, not part of the repository. */
const RUNTIME_ROOTS = ['data/', '.tools/', 'node_modules/', '~/.cache/', '.ci/'];
/** File names the docs use for a reader's own files or for files created at run time, never in the tree. */
const NOT_IN_TREE = new Set([
  // a reader's own files, in examples
  'my-plan.yaml',
  'a.yaml',
  'b.yaml',
  'notices.json',
  '通讯录.xlsx',
  '台账.xlsx',
  '台账.pdf',
  '清理结果.xlsx',
  '台山市年度报告.txt',
  'pingcha-2024.yaml',
  'pingcha-2024.txt',
  'bomb.yaml',
  'temporal.toml',
  '材料.pdf',
  // created at run time in the data folder, beside a directory file, or in the workflow bundle's cache
  'calendar.yaml',
  'secrets.json',
  'board-users.yaml',
  'delivery.db',
  'temporal.db',
  'unit-links.json',
  'bundle.json',
  'report.json',
  'sms.log',
  'document-numbers.db',
  'board-auth.db',
  'start.pid.json',
  // an imported plan's folder under data/plans/
  'notice.docx',
  'lines.json',
  'draft.json',
  'edits.json',
  'meta.json',
]);
/** First parts of paths named relative to another folder (the data folder, a .docx's zip), or of MIME types. */
const IN_OTHER_FOLDERS = new Set(['reports', 'mail', 'word', 'binary']);
const EXTENSIONS = /\.(ts|js|cjs|mjs|json|ya?ml|md|sh|txt|xml|java|png|svg|docx|xlsx|pdf|db|log|toml|html)$/;

/** The contents of every inline code span, outside fenced blocks. */
function inlineCode(md: string): string[] {
  const spans: string[] = [];
  const outside = md.replace(/^```[\s\S]*?^```/gm, '');
  for (const m of outside.matchAll(/(`+)([^`]+?)\1/g)) spans.push(m[2].trim());
  return spans;
}

/** The lines of every fenced block. */
function fencedLines(md: string): string[] {
  return [...md.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1].split('\n'));
}

function looksLikeRepoPath(span: string): boolean {
  if (/[\s<>…*|=$,]/.test(span) || span.includes('://') || span.startsWith('/')) return false;
  if (!/^[\w.~-][\w./\u4e00-\u9fff~-]*$/.test(span)) return false;
  // a folder path: its first part is a lowercase folder name (ids with dots, time zones and MIME types are not)
  if (span.includes('/')) return /^\.?[a-z][a-z0-9_-]*\//.test(span) && !IN_OTHER_FOLDERS.has(span.split('/')[0]);
  // a file name: a name, then a known extension (a name in Chinese is a reader's document, never the repo's)
  return /^[\w-][\w.-]*$/.test(span) && EXTENSIONS.test(span);
}

describe('the docs', () => {
  const scripts = Object.keys(JSON.parse(text('package.json')).scripts as Record<string, string>);
  const tracked = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (['node_modules', '.git', 'data', '.tools'].includes(e.name)) continue;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else tracked.add(e.name);
    }
  };
  walk('');

  it.each(docs)('%s: every `npm run x` is a script of package.json', (file) => {
    const named = [...text(file).matchAll(/npm run ([\w:.-]+)/g)].map((m) => m[1]);
    expect(named.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it.each(docs)('%s: every repo path in backticks exists', (file) => {
    const missing = inlineCode(text(file))
      .filter(looksLikeRepoPath)
      .filter((p) => !RUNTIME_ROOTS.some((r) => p.startsWith(r)))
      .filter((p) => {
        if (p.includes('/')) return !existsSync(join(root, p));
        return !NOT_IN_TREE.has(p) && !tracked.has(basename(p));
      });
    expect(missing).toEqual([]);
  });

  it.each(docs)('%s: every `duban <command>` is a command of the CLI', (file) => {
    const program = buildProgram();
    const find = (parent: Command, name: string) => parent.commands.find((c) => c.name() === name || c.aliases().includes(name));
    const invocations = [
      ...inlineCode(text(file)).filter((s) => /^(npx )?duban /.test(s)),
      ...fencedLines(text(file)).flatMap((l) =>
        [...l.matchAll(/(?:^\s*|(?:&&|;|\||\$)\s*)(?:npx )?duban ([^#\n]*)/g)].map((m) => `duban ${m[1]}`),
      ),
    ];
    const unknown: string[] = [];
    for (const inv of invocations) {
      const words = inv
        .replace(/^npx /, '')
        .split(/\s+/)
        .slice(1)
        .map((w) => w.replace(/[,.;:)]+$/, ''));
      if (!words[0] || words[0].startsWith('-')) continue;
      const command = find(program, words[0] ?? '');
      if (!command) {
        unknown.push(inv);
        continue;
      }
      const sub = words[1];
      if (command.commands.length > 0 && sub && /^[a-z][a-z-]*$/.test(sub) && !find(command, sub)) unknown.push(inv);
    }
    expect(unknown).toEqual([]);
  });
});
