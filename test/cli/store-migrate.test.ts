// `duban store migrate --to <url>`: a data folder with reports, attachments, the delivery log and outbox, link
// versions, 发文字号, a plan file and board accounts is copied into PostgreSQL and checked there; a second run
// changes nothing; a run that breaks off midway is completed by the next one, nothing lost and nothing doubled.
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { Pool } from 'pg';
import { openStores, Stores } from '../../store/from-env';
import { stageUpload } from '../../store/uploads';
import { boardUsersFile, saveBoardUser } from '../../config/board-users';
import { migrateStoreTo } from '../../client/store-migration';
import { PrivateCluster, startPrivateCluster } from '../../scripts/postgres/private-cluster';
import { embeddedKind } from '../helpers/postgres';
import { duban } from '../helpers/processes';
import { shippedReminder } from '../helpers/shipped-reminder';

const folder = embeddedKind();
let cluster: PrivateCluster;
let local: Stores;
const OB = ['jiangmen-2024.t1.annual.taishan', 'jiangmen-2024.t2.annual.kaiping'];
const pdf = Buffer.concat([Buffer.from('%PDF-1.7 台账'), crypto.randomBytes(300 * 1024)]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(4096)]);
const SUMMARY = '报告 4 份、附件 2 个、发送记录 3 条、待发队列 2 条、单位链接版本 1 个、发文字号 2 个、方案文件 1 个、看板账号 2 个';
const TABLES = [
  'reports',
  'attachments',
  'deliveries',
  'outbox',
  'unit_link_versions',
  'document_numbers',
  'plan_files',
  'board_accounts',
  'board_sessions',
];

beforeAll(async () => {
  cluster = await startPrivateCluster();
  local = await folder.host();
  const env = folder.envOf();
  const stage = (name: string, content: Buffer) => stageUpload(local.reports.stagingDir, name, Readable.from([content]));
  const attachments = [
    await local.reports.adoptUpload(OB[0], await stage('台账.pdf', pdf)),
    await local.reports.adoptUpload(OB[0], await stage('现场.png', png)),
  ];
  await local.reports.putSubmission(OB[0], { text: '已完成整治。', figures: {}, attachments, by: 'unit' });
  await local.reports.putSubmission(OB[1], { text: '正在推进。', figures: {}, attachments: [], by: 'unit' });
  await local.reports.putSubmission(OB[1], { text: '已完成。', figures: {}, attachments: [], by: 'unit' });
  await local.reports.putReport(OB[0], 'HZ-AN1Z-2JYZ-1', { text: '已完成整治。', figures: {}, attachments });
  const { log, outbox } = local.deliveries();
  const at = '2024-12-20T09:00:03+08:00';
  for (const [i, key] of ['a', 'b', 'c'].entries())
    await log.record({ key: `k-${key}`, channel: 'email', status: 'accepted', recipients: `u${i}@example.org`, at });
  await outbox.enqueue(shippedReminder(OB[0]));
  await outbox.enqueue(shippedReminder('jiangmen-2024.t1.annual.heshan'), { workflowId: 'wf-1', readyAtMs: 5 });
  await local.linkVersions.revoke('taishan', '张督查', Date.now());
  await local.linkVersions.revoke('taishan', '张督查', Date.now());
  await local.documentNumbers().allocate('江督办〔2024〕', 'notice-1', Date.now());
  await local.documentNumbers().allocate('江督办〔2024〕', 'notice-2', Date.now());
  await local.planFiles().put('jiangmen-2026', 'plan:\n  id: jiangmen-2026\n  name: 江门市整治方案\n');
  saveBoardUser(boardUsersFile(env), { username: 'zhang', name: '张督查', password: 'zhang-password-1' });
  saveBoardUser(boardUsersFile(env), {
    username: 'li',
    name: '李科长',
    password: 'li-password-22',
    offices: ['江门市督查室'],
    role: '只读',
  });
  await local.boardAuth().sessions.put('session-id-1', { username: 'zhang', stamp: 'x', expMs: Date.now() + 3600_000 });
}, 120_000);
afterAll(async () => {
  await folder.tearDown();
  await cluster?.stop();
});

async function counts(url: string): Promise<Record<string, number>> {
  const pool = new Pool({ connectionString: url });
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${t}`)).rows[0].n);
    return out;
  } finally {
    await pool.end();
  }
}

const migrate = (url: string, ...more: string[]) => duban(['store', 'migrate', '--to', url, ...more], folder.envOf());

test('copies the folder, checks it, says 完成 with the counts; a second run changes nothing', async () => {
  const url = await cluster.createDatabase('migrated');
  const first = await migrate(url);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const lines = first.stdout.trim().split('\n');
  expect(lines).toContain('报告 4 份：本次复制 4，已有 0');
  expect(lines).toContain('附件 2 个：本次复制 2，已有 0');
  expect(lines.at(-1)).toMatch(
    new RegExp(
      `^完成：已从 .+ 迁移到 PostgreSQL postgres@127\\.0\\.0\\.1:\\d+/migrated，${SUMMARY}；条数与摘要均已核对（未复制登录会话，迁移后需重新登录）$`,
    ),
  );

  // What the database now serves is what the folder held.
  const pg = await openStores({ ...folder.envOf(), DUBAN_DATABASE_URL: url });
  try {
    const ref = {
      filename: '台账.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
    };
    expect((await pg.reports.attachment(OB[0], ref)).equals(pdf)).toBe(true);
    expect(await pg.reports.textOf({ path: `${OB[0]}/HZ-AN1Z-2JYZ-1/report.json` })).toBe('已完成整治。');
    expect(await pg.deliveries().log.accepted('k-b', 'email')).toMatchObject({ recipients: 'u1@example.org' });
    expect(await pg.deliveries().outbox.row(shippedReminder(OB[0]).key)).toMatchObject({ state: 'pending' });
    expect(await pg.linkVersions.of('taishan')).toBe(2);
    expect((await pg.documentNumbers().list('江督办〔2024〕')).map((n) => n.key)).toEqual(['notice-1', 'notice-2']);
    expect((await pg.documentNumbers().allocate('江督办〔2024〕', 'notice-3', Date.now())).n).toBe(3); // the series goes on
    expect(await pg.planFiles().get('jiangmen-2026')).toContain('江门市整治方案');
    expect((await pg.boardAuth().accounts.all()).map((u) => [u.username, u.role ?? '管理员'])).toEqual([
      ['zhang', '管理员'],
      ['li', '只读'],
    ]);
    expect(await pg.boardAuth().sessions.get('session-id-1', Date.now())).toBeUndefined();
  } finally {
    await pg.close();
  }

  const before = await counts(url);
  const second = await migrate(url);
  expect(second.code).toBe(0);
  expect(second.stdout).not.toMatch(/本次复制 [1-9]/);
  expect(second.stdout).toContain(SUMMARY);
  expect(await counts(url)).toEqual(before);
}, 120_000);

test('a run that breaks off midway is completed by the next: nothing lost, nothing doubled', async () => {
  const url = await cluster.createDatabase('interrupted');
  const broken = migrateStoreTo(url, {
    env: folder.envOf(),
    afterRow: (kind, n) => {
      if (kind === 'attachments' && n === 1) throw new Error('断电');
    },
  });
  await expect(broken).rejects.toThrow('断电');
  expect(await counts(url)).toMatchObject({ reports: 4, attachments: 1, deliveries: 0, board_accounts: 0 });

  const rerun = await migrate(url, '--sessions');
  expect(rerun.code).toBe(0);
  expect(rerun.stdout).toContain('报告 4 份：本次复制 0，已有 4');
  expect(rerun.stdout).toContain('附件 2 个：本次复制 1，已有 1');
  expect(rerun.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`${SUMMARY}、看板会话 1 个；条数与摘要均已核对$`));
  expect(await counts(url)).toEqual({
    reports: 4,
    attachments: 2,
    deliveries: 3,
    outbox: 2,
    unit_link_versions: 1,
    document_numbers: 2,
    plan_files: 1,
    board_accounts: 2,
    board_sessions: 1,
  });
}, 120_000);

test('a report the database holds with other content is reported, and 完成 is not said', async () => {
  const url = await cluster.createDatabase('diverged');
  expect((await migrate(url)).code).toBe(0);
  const pool = new Pool({ connectionString: url });
  await pool.query(`UPDATE reports SET body = convert_to('{"tampered":true}', 'UTF8') WHERE path = $1`, [
    `${OB[0]}/HZ-AN1Z-2JYZ-1/report.json`,
  ]);
  await pool.end();
  const again = await migrate(url);
  expect(again.code).toBe(1);
  expect(again.stdout).not.toContain('完成');
  expect(again.stderr.trim()).toBe(
    `错误：核对未通过：报告 1 项在数据库中缺失或内容不同（如 ${OB[0]}/HZ-AN1Z-2JYZ-1/report.json）。数据库中已有的内容未被覆盖，请检查后再运行`,
  );
}, 120_000);
