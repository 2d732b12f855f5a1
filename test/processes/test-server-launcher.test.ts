// The time-skipping test server starts through duban's launcher (scripts/test-server/DubanTestServer.java), which
// replaces the timer's lock ledger of the pinned server version: a bump of that version whose timer is laid out
// otherwise makes the launcher say so here, rather than leave long simulations quietly slower.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { testServerPath } from '../../config/binaries';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
    c.on('error', () => resolve(false));
  });

test('the test server runs through the launcher and its timer ledger is replaced', async () => {
  const wrapper = testServerPath();
  expect(wrapper).toBeDefined();
  expect(fs.readFileSync(wrapper!, 'utf8')).toMatch(/ DubanTestServer /);
  const port = await freePort();
  const server = spawn(wrapper!, [String(port), '--enable-time-skipping'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DUBAN_TEST_SERVER_REPORT: '1' },
  });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  try {
    const deadline = Date.now() + 60_000;
    // The ledger is swapped right after the server starts listening, and the launcher then says which way it went.
    while (!(await accepts(port)) || !/DubanTestServer/.test(stderr)) {
      expect(server.exitCode).toBeNull();
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(server.exitCode).toBeNull();
    expect(stderr).toContain('DubanTestServer: timer ledger replaced');
  } finally {
    server.kill('SIGKILL');
  }
}, 90_000);
