// The PostgreSQL schema is applied at start, once: processes starting together wait for each other under an
// advisory lock, a second start changes nothing, and a database that cannot be used stops the process with
// one Chinese line naming the server, never the password.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'pg';
import { PROJECT_ROOT } from '../../config/paths';
import { migrate } from '../../store/postgres/migrate';
import { MIGRATIONS } from '../../store/postgres/migrations';
import { PrivateCluster, startPrivateCluster } from '../../scripts/postgres/private-cluster';
import { duban } from '../helpers/processes';

let cluster: PrivateCluster;
beforeAll(async () => {
  cluster = await startPrivateCluster();
}, 120_000);
afterAll(() => cluster?.stop());

/** A node program of the project, as `npm run …` starts it; never throws. */
function node(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, script)],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

const versionsIn = async (url: string) => {
  const pool = new Pool({ connectionString: url });
  try {
    return (await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
  } finally {
    await pool.end();
  }
};

test('two processes starting together apply the schema once; a second start is a no-op', async () => {
  const url = await cluster.createDatabase('together');
  const runs = await Promise.all([
    node('scripts/postgres/migrate.ts', { DUBAN_DATABASE_URL: url }),
    node('scripts/postgres/migrate.ts', { DUBAN_DATABASE_URL: url }),
  ]);
  expect(runs.map((r) => r.code)).toEqual([0, 0]);
  expect(runs.map((r) => r.out.trim()).sort()).toEqual(
    [`已应用数据库迁移：${MIGRATIONS.map((m) => m.version).join('、')}`, '数据库结构已是最新，无需迁移'].sort(),
  );
  expect(await versionsIn(url)).toEqual(MIGRATIONS.map((m) => m.version));
  expect((await node('scripts/postgres/migrate.ts', { DUBAN_DATABASE_URL: url })).out.trim()).toBe('数据库结构已是最新，无需迁移');
});

test('eight pools migrating at the same moment: one applies, seven find it done', async () => {
  const url = await cluster.createDatabase('eight');
  const pools = Array.from({ length: 8 }, () => new Pool({ connectionString: url, max: 1 }));
  try {
    const applied = await Promise.all(pools.map((p) => migrate(p)));
    expect(applied.filter((a) => a.length > 0)).toEqual([MIGRATIONS.map((m) => m.version)]);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
});

test('an unreachable database stops the worker with the server named and the password never shown', async () => {
  const port = 1; // nobody listens there
  const url = `postgres://duban:secret-Pa55word@127.0.0.1:${port}/duban`;
  const r = await node('worker/main.ts', { DUBAN_DATABASE_URL: url, DUBAN_PAYLOAD_ENCRYPTION: 'off', TEMPORAL_ADDRESS: '127.0.0.1:1' });
  expect(r.code).toBe(1);
  expect(r.out).toContain(
    `[worker] 启动失败：无法使用 PostgreSQL 数据库 duban@127.0.0.1:${port}/duban：连接被拒绝（数据库未启动，或端口不对）`,
  );
  expect(r.out).not.toContain('secret-Pa55word');
});

test('a wrong password, or a malformed address, is refused in Chinese by the CLI too, the password never shown', async () => {
  const wrong = cluster.url('postgres').replace(/:[^:@/]+@/, ':not-the-Pa55word@');
  const r = await duban(['unit-link', 'revoke', 'taishan', '--by', '司法局 李某'], { DUBAN_DATABASE_URL: wrong });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `错误：无法使用 PostgreSQL 数据库 postgres@127.0.0.1:${cluster.port}/postgres：用户名或密码错误，或该用户无权连接`,
  );
  expect(r.stderr + r.stdout).not.toContain('not-the-Pa55word');

  const bad = await duban(['unit-link', 'revoke', 'taishan', '--by', '司法局 李某'], {
    DUBAN_DATABASE_URL: 'mysql://root:hunter2hunter2@db/duban',
  });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('错误：DUBAN_DATABASE_URL 不是有效的 PostgreSQL 地址');
  expect(bad.stderr).not.toContain('hunter2');
});
