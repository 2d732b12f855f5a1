// `npm run probe` inside `npm test`: the security review's probes against the test stack (real dev server,
// worker, SMTP server, portal and board), every row but the two that measure memory with ~1 GB of requests.
// The probe finds its duties, figures and attachments through the application layer, so a change to the
// board's markup cannot leave it unable to start, and a row that no longer holds fails this test.
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../config/paths';
import { LINK_SECRET, startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('probe', { figures: true }); // two open duties (甲局, 乙局), each asking for a figure
}, 120_000);
afterAll(async () => stack?.stop());

/** Runs `npm run probe -- --no-memory` against the stack; its exit code and output. */
function runProbe(): Promise<{ code: number | null; out: string }> {
  const env = {
    ...process.env,
    DUBAN_PROBE_URL: stack.url,
    DUBAN_PROBE_USER: SUPERVISOR.username,
    DUBAN_PROBE_PASSWORD: SUPERVISOR.password,
    DUBAN_PROBE_PLAN: stack.plan,
    DUBAN_LINK_SECRET: LINK_SECRET,
    DUBAN_DATA_DIR: stack.dataDir, // the link versions the portal reads
    TEMPORAL_ADDRESS: stack.env.address,
    TEMPORAL_NAMESPACE: 'default',
    DUBAN_PAYLOAD_ENCRYPTION: 'off', // as the test stack runs
  };
  return new Promise((resolve, reject) => {
    // Asynchronously: the server it probes runs in this very process.
    const child = spawn('npm', ['run', '--silent', 'probe', '--', '--no-memory'], { cwd: PROJECT_ROOT, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('every row of npm run probe holds against the test stack', async () => {
  const { code, out } = await runProbe();
  const rows = out.split('\n').filter((l) => /^\s*(\d+|also)\s+(held|FAILED|skipped)\s/.test(l));
  expect(rows.filter((l) => /FAILED/.test(l))).toEqual([]);
  expect(rows.filter((l) => / held /.test(l))).toHaveLength(16); // rows 1–17 but 3 and 5, and "also"
  expect(rows.filter((l) => / skipped /.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual(['3', '5']);
  expect(out).toMatch(/16 held, 0 failed, 2 skipped/);
  expect(code).toBe(0);
}, 300_000);
