// Benchmark (run by hand, figures go to BENCHMARKS.md): `npm start` from an empty data folder on other
// ports. Prints how long until the URLs are printed, the first notice is in the inbox, every obligation
// workflow of the shipped plan exists, and the board answers; then stops the stack with SIGINT.
//   node --import tsx scripts/bench-start.ts
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths';

async function main(): Promise<void> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-start-'));
  const env = {
    ...process.env,
    DUBAN_DATA_DIR: data,
    DUBAN_TEMPORAL_PORT: '27233',
    DUBAN_UI_PORT: '28233',
    DUBAN_MAIL_SMTP_PORT: '21025',
    DUBAN_MAIL_WEB_PORT: '21080',
    DUBAN_WEB_PORT: '28080',
    DUBAN_METRICS_ADDRESS: '127.0.0.1:29464',
    TEMPORAL_ADDRESS: '',
    SMTP_URL: '',
  };
  const t0 = Date.now();
  const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const at: Record<string, number> = {};
  const mailDir = path.join(data, 'mail');
  while (Object.keys(at).length < 4 && Date.now() - t0 < 300_000) {
    const s = (Date.now() - t0) / 1000;
    if (!at.ready && out.includes('已就绪')) at.ready = s;
    if (!at.mail && fs.existsSync(mailDir) && fs.readdirSync(mailDir).some((f) => f.endsWith('.eml'))) at.mail = s;
    if (!at.all && /已建立 (\d+)\/\1 项/.test(out)) at.all = s;
    if (at.ready && !at.board) {
      const r = await fetch('http://127.0.0.1:28080/board/login').catch(() => undefined);
      if (r?.status === 200) at.board = s;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const mails = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).length : 0;
  process.kill(-child.pid!, 'SIGINT');
  await new Promise((r) => child.on('exit', r));
  console.log(`URLs printed (已就绪):          ${at.ready?.toFixed(1)} s`);
  console.log(`board answers:                  ${at.board?.toFixed(1)} s`);
  console.log(`first notice in the inbox:      ${at.mail?.toFixed(1)} s`);
  console.log(`all obligation workflows exist: ${at.all?.toFixed(1)} s (${/已建立 (\d+\/\d+)/.exec(out)?.[1] ?? '?'})`);
  console.log(`mails in the inbox by then:     ${mails}`);
  fs.rmSync(data, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
