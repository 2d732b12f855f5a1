// The saved workflow bundle (worker/bundle-cache.ts) is used only while every input of its build is unchanged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BundleInputs, cachedBundle } from '../../worker/bundle-cache';

let dir: string;
let source: string;
let looked: string;
let builds: number;

/** Written a minute ago: a file saved during a build is not trusted (the last test). */
const writeOld = (file: string, text: string) => {
  fs.writeFileSync(file, text);
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(file, past, past);
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bundle-cache-'));
  source = path.join(dir, 'workflow.ts');
  looked = path.join(dir, 'workflow', 'index.ts'); // where a resolver looked and found nothing
  writeOld(source, 'export const v = 1;');
  builds = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A build of the source's current text, reporting what it read and looked for. */
const bundle = (key = 'k', cache = path.join(dir, 'cache')) =>
  cachedBundle(cache, key, async (track: (i: BundleInputs) => void) => {
    builds++;
    // As webpack: a file it found is an input, one it did not find is a place it looked.
    const found = fs.existsSync(looked);
    track({ files: found ? [source, looked] : [source], missing: found ? [] : [looked] });
    return { code: fs.readFileSync(source, 'utf8'), sourceMap: '{}' };
  });

test('a bundle whose inputs are unchanged is used again, without a build', async () => {
  expect((await bundle()).code).toBe('export const v = 1;');
  expect((await bundle()).code).toBe('export const v = 1;');
  expect(builds).toBe(1);
});

test('an edited source, a file where the resolver found none, or other options: built again', async () => {
  await bundle();
  writeOld(source, 'export const v = 2;');
  expect((await bundle()).code).toBe('export const v = 2;');
  expect(builds).toBe(2);

  fs.mkdirSync(path.dirname(looked));
  writeOld(looked, '');
  await bundle();
  expect(builds).toBe(3);

  await bundle('other options');
  expect(builds).toBe(4);
  await bundle('other options');
  expect(builds).toBe(4);
});

test('a cache that cannot be written or read only means a build each time', async () => {
  const blocked = path.join(dir, 'not-a-folder');
  fs.writeFileSync(blocked, '');
  expect((await bundle('k', blocked)).code).toBe('export const v = 1;');
  expect((await bundle('k', blocked)).code).toBe('export const v = 1;');
  expect(builds).toBe(2);

  await bundle();
  fs.writeFileSync(path.join(dir, 'cache', 'bundle.json'), '{ half a record');
  expect((await bundle()).code).toBe('export const v = 1;');
  expect(builds).toBe(4);
});

test('a source saved while the bundle was being built: that bundle is not kept', async () => {
  await cachedBundle(path.join(dir, 'cache'), 'k', async (track) => {
    builds++;
    const code = fs.readFileSync(source, 'utf8');
    fs.writeFileSync(source, 'export const v = 3;'); // saved by an editor mid-build
    track({ files: [source], missing: [] });
    return { code, sourceMap: '{}' };
  });
  expect((await bundle()).code).toBe('export const v = 3;');
  expect(builds).toBe(2);
});
