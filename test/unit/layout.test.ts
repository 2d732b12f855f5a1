/**
 * The rooms of the code keep their order (docs/architecture.md): a file imports only from its own room or the rooms
 * below it, the surfaces (cli/, web/) reach the store and the activities only through client/, and no files import
 * each other in a circle. Read from the import statements of every product file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const root = join(__dirname, '..', '..');

/** Lower rank, lower room. cli/ and web/ are side by side at the top. */
const RANK: Record<string, number> = {
  domain: 0,
  config: 1,
  store: 2,
  activities: 3,
  workflows: 4,
  worker: 5,
  client: 6,
  simulation: 7,
  cli: 8,
  web: 8,
};
const SURFACES = new Set(['cli', 'web']);
const THROUGH_CLIENT = new Set(['store', 'activities']);

function filesIn(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return filesIn(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

const files = Object.keys(RANK).flatMap(filesIn);
const IMPORT = /(?:^|\s)(?:import|export)\s[^;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:import|require)\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Each file's imports of other product files, as repository paths. */
const imports = new Map<string, string[]>(
  files.map((file) => {
    const out: string[] = [];
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(IMPORT)) {
      const target = normalize(join(dirname(file), m[1] ?? m[2]));
      const resolved = [`${target}.ts`, join(target, 'index.ts'), target].find((c) => files.includes(c));
      if (resolved) out.push(resolved);
    }
    return [file, out];
  }),
);
const roomOf = (file: string) => relative(root, join(root, file)).split(/[\\/]/)[0];

test('the import statements are read (the check is not vacuous)', () => {
  expect(files.length).toBeGreaterThan(250);
  expect([...imports.values()].flat().length).toBeGreaterThan(1000);
  expect(imports.get('web/board-action-routes.ts')!.includes('client/operations.ts')).toBe(true);
  expect(imports.get('client/operations.ts')!.some((f) => roomOf(f) === 'domain')).toBe(true);
});

test('no file imports from a room above its own, and the surfaces reach the store and the activities only through client/', () => {
  const wrong: string[] = [];
  for (const [file, targets] of imports) {
    const from = roomOf(file);
    for (const target of targets) {
      const to = roomOf(target);
      if (to === from) continue;
      if (RANK[to] >= RANK[from]) wrong.push(`${file} -> ${target} (upward)`);
      else if (SURFACES.has(from) && THROUGH_CLIENT.has(to)) wrong.push(`${file} -> ${target} (a surface past client/)`);
    }
  }
  expect(wrong).toEqual([]);
});

test('no files import each other in a circle', () => {
  // Tarjan's strongly connected components: any component of more than one file is a circle.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of imports.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  expect(circles).toEqual([]);
});
