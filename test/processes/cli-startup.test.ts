// Every CLI command but `simulate` starts without the worker package (its bundler, rxjs and the workflow sandbox
// cost about half a second of each command's start); `simulate` loads it when it runs.
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../config/paths';

const loadedPackages = (script: string): string[] =>
  JSON.parse(
    execFileSync(process.execPath, ['-e', `require('tsx/cjs'); ${script}; console.log(JSON.stringify(Object.keys(require.cache)))`], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    }),
  );

test('the CLI starts without loading the worker package', () => {
  const loaded = loadedPackages(`require('./cli/cli.ts').buildProgram()`);
  expect(loaded.some((f) => f.includes('/@temporalio/client/'))).toBe(true); // the loader is seen at all
  expect(loaded.filter((f) => /\/@temporalio\/(worker|testing)\//.test(f))).toEqual([]);
});
