// `duban acknowledge | submit | review | extend | extension | look-back` against the real dev server, as bureau staff run them,
// with effects checked on the obligations' own state.
import { unpackRound } from '../../domain/obligation/packed-round';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createDubanWorker } from '../../worker/create-worker';
import { devServerEnv, workflowBundle } from '../../simulation/environment';
import { obligationView } from '../../client/operations';
import { planLedgerOf, runningPlans } from '../../client/plan-runs';
import { reportsDir } from '../../config/paths';
import { LocalReportStore } from '../../store/local/report-store';
import { applyForExtension, roundSpec } from '../../domain/contract/messages';
import { RecordingSink } from '../helpers/recording-sink';
import { duban } from '../helpers/processes';
import { receiptId } from '../../domain/obligation/ids';
import { chineseDateTime } from '../../domain/notices/format';
import { terminateRunning } from '../helpers/terminate';

const TINY = 'test/fixtures/plans/tiny.yaml';
const DIRECTORY = 'test/fixtures/plans/directory.yaml';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-obligation-cli-'));
const dataDir = path.join(work, 'data');
// The tiny plan with a figure to report: 清理案件数 in its cleanup duty.
const FIGS = path.join(work, 'figs.yaml');
fs.writeFileSync(
  FIGS,
  fs.readFileSync(TINY, 'utf8').replace('id: tiny-2024', 'id: figs-2024') +
    '    targets:\n      - { id: cases, label: 清理案件数, value: 10, unit: 件, reportIn: cleanup }\n',
);

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let cli: NodeJS.ProcessEnv;

/** Runs the CLI; the outcome as one comparable object. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await duban(args, cli);
  return { code: r.code, out: r.stdout.trim(), err: r.stderr.trim() };
}
const refused = (err: string) => ({ code: 2, out: '', err: `错误：${err}` });
const state = async (id: string) => (await obligationView(env.client, id)).state;
/** A round's spec; a round just started may not have finished its first task, so the query is asked again. */
async function roundOf(id: string) {
  for (let i = 0; ; i++) {
    try {
      return unpackRound(await env.client.workflow.getHandle(id).query(roundSpec));
    } catch (err) {
      if (i === 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  env = await devServerEnv();
  cli = { TEMPORAL_ADDRESS: env.address, DUBAN_TASK_QUEUE: 'obligation-cli', DUBAN_DATA_DIR: dataDir, DUBAN_PAYLOAD_ENCRYPTION: 'off' }; // like the worker below
  // The worker keeps reports where the CLI keeps attachments: one report store under the data folder.
  const deps = { ...new RecordingSink().deps(), reports: new LocalReportStore(reportsDir(cli)) };
  worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'obligation-cli',
    deps,
    workflowBundle: await workflowBundle(),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  if (env) {
    await terminateRunning(env.client);
    worker?.shutdown();
    await running;
    await env.teardown();
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('start counts the obligation workflows it set up (one line without a terminal)', async () => {
  const tiny = await run('start', TINY, '--year', '2027');
  expect(tiny.code).toBe(0);
  expect(tiny.out).toBe('已启动方案 tiny-2027（小型测试方案）：1 个轮次，2 项报送事项');
  expect(tiny.err.split('\n').at(-1)).toBe('已建立 2/2 项报送事项工作流');
  const figs = await run('start', FIGS, '--year', '2027', '--directory', DIRECTORY);
  expect(figs.out).toBe('已启动方案 figs-2027（小型测试方案）：1 个轮次，2 项报送事项');
  expect(figs.err.split('\n').at(-1)).toBe('已建立 2/2 项报送事项工作流');
  for (let i = 0; i < 50 && (await runningPlans(env.client)).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await runningPlans(env.client)).toEqual(['figs-2027', 'tiny-2027']);
}, 120_000);

test('acknowledge: staff record a 签收 taken by phone or on paper; the first counts, a second is refused in one line', async () => {
  const jia = 'tiny-2027.t1.cleanup.jia';
  const done = await run('acknowledge', jia, '--by', '甲局 王某');
  expect(done).toMatchObject({ code: 0, err: '' });
  expect(done.out).toMatch(/^已签收：tiny-2027\.t1\.cleanup\.jia（甲局 王某，\d{4}年\d{1,2}月\d{1,2}日（星期.）\d{2}:\d{2}）$/);
  const s = await state(jia);
  expect(s.acknowledged).toMatchObject({ by: '甲局 王某' });
  expect(s.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  expect(s.stage).toBe('open'); // acknowledging does not replace reporting
  const at = chineseDateTime(s.acknowledged!.at);
  expect(
    await Promise.all([
      run('acknowledge', jia, '--by', '甲局 李某'),
      run('acknowledge', '--plan', 'tiny-2027', '--unit', '乙局', '--by', ' '),
      run('acknowledge', 'nope-2027.t1.cleanup.jia', '--by', '甲局 王某'),
    ]),
  ).toEqual([
    refused(`已于 ${at} 由 甲局 王某 签收，无需重复签收`),
    refused('请填写签收人姓名'),
    refused('未找到报送事项 nope-2027.t1.cleanup.jia'),
  ]);
  expect((await state('tiny-2027.t1.cleanup.yi')).acknowledged).toBeUndefined();
});

test('submit: a paper report entered by staff, with figures and an attachment; refusals are one line', async () => {
  const textFile = path.join(work, '报告.txt');
  fs.writeFileSync(textFile, '\uFEFF甲局已完成清理，共清理案件 12 件。'); // saved by Notepad: a byte-order mark
  const gbk = path.join(work, 'gbk.txt');
  fs.writeFileSync(gbk, Buffer.from([0xd2, 0xd1, 0xc7, 0xe5, 0xc0, 0xed])); // 已清理 in GBK
  const pdf = path.join(work, '清理台账.pdf');
  fs.writeFileSync(pdf, '%PDF-1.4 test');
  const exe = path.join(work, 'tool.exe');
  fs.writeFileSync(exe, 'MZ');
  const jia = 'figs-2027.t1.cleanup.jia';

  const refusals = await Promise.all([
    run('submit', 'nope-2027.t1.cleanup.jia', '--by', '甲局 王', '--text', '已清理。'),
    run('submit', jia, '--by', '甲局 王'),
    run('submit', jia, '--by', '甲局 王', '--text', '已清理。', '--text-file', textFile),
    run('submit', jia, '--by', '甲局 王', '--text-file', path.join(work, 'none.txt')),
    run('submit', jia, '--by', '甲局 王', '--text-file', gbk),
    run('submit', jia, '--by', '甲局 王', '--text', '已清理。', '--figure', '清理案件数'),
    run('submit', jia, '--by', '甲局 王', '--text', '已清理。', '--figure', '清理案件数=很多'),
    run('submit', jia, '--by', '甲局 王', '--text', '已清理。'),
    run('submit', jia, '--by', '甲局 王', '--text', '已清理。', '--figure', '办结率=1'),
    run('submit', jia, '--by', '甲局 王', '--text', '已清理。', '--figure', 'cases=12', '--attach', path.join(work, 'none.pdf')),
    run('submit', jia, '--by', '甲局 王', '--text', '已清理。', '--figure', 'cases=12', '--attach', exe),
    run('submit', jia, '--text', '已清理。'),
    run('submit', '--by', '乙局 王', '--text', '已清理。'),
    run('submit', '--task', '1', '--unit', '乙局', '--by', '乙局 王', '--text', '已清理。'),
    run('submit', '--plan', 'tiny-2027', '--task', '1', '--unit', '丙局', '--by', '丙局 王', '--text', '已清理。'),
    run('submit', jia, '--unit', '甲局', '--by', '甲局 王', '--text', '已清理。'),
  ]);
  expect(refusals).toEqual([
    refused('未找到报送事项 nope-2027.t1.cleanup.jia'),
    refused('请用 --text 或 --text-file 给出报告内容'),
    refused('--text 与 --text-file 只能选一个'),
    refused(`找不到文件 ${path.join(work, 'none.txt')}`),
    refused(`${gbk} 不是 UTF-8 编码的文本文件，请另存为 UTF-8 文本后重试`),
    refused('--figure 应为 指标=数值（如 清理案件数=12，数值为 0 到 1,000,000,000,000 之间的数），收到 "清理案件数"'),
    refused('--figure 应为 指标=数值（如 清理案件数=12，数值为 0 到 1,000,000,000,000 之间的数），收到 "清理案件数=很多"'),
    refused('缺少指标数据：清理案件数（件）'),
    refused('该事项没有指标“办结率”，可填：cases（清理案件数，件）'),
    refused(`找不到文件 ${path.join(work, 'none.pdf')}`),
    refused('不支持的附件类型 .exe，可上传：.pdf .doc .docx .xls .xlsx .ofd .jpg .jpeg .png .zip'),
    refused('缺少必填选项 --by <name>'),
    refused('请给出报送事项编号，或用 --unit（及 --task、--duty）指明报送事项'),
    refused('有多个方案在运行（figs-2027、tiny-2027），请用 --plan 指明'),
    refused('方案 tiny-2027 中没有符合条件的报送事项（任务 1、单位 丙局）'),
    refused('请只用报送事项编号，或只用 --plan/--task/--unit/--duty，二者不能同时使用'),
  ]);
  expect((await state(jia)).stage).toBe('open');
  expect(fs.existsSync(path.join(reportsDir(cli), jia))).toBe(false); // nothing stored for a refused report

  expect(await run('submit', jia, '--by', '甲局 王', '--text-file', textFile, '--figure', '清理案件数=12', '--attach', pdf)).toEqual({
    code: 0,
    out: `报送成功，回执编号 ${receiptId(jia, 1)}`,
    err: '',
  });
  const s = await state(jia);
  expect(s.stage).toBe('submitted');
  // The workflow keeps the excerpt and the stored report's reference; the text is in the report store.
  expect(s.submissions).toEqual([
    expect.objectContaining({
      receipt: receiptId(jia, 1),
      by: '甲局 王',
      excerpt: '甲局已完成清理，共清理案件 12 件。',
      figures: { cases: 12 },
      onTime: true,
    }),
  ]);
  expect(s.submissions[0].text).toBeUndefined();
  expect(await new LocalReportStore(reportsDir(cli)).textOf(s.submissions[0].report!)).toBe('甲局已完成清理，共清理案件 12 件。');
  const [attachment] = s.submissions[0].report!.attachments;
  expect(attachment).toMatchObject({ filename: '清理台账.pdf', contentType: 'application/pdf', size: 13 });
  expect((await new LocalReportStore(reportsDir(cli)).attachment(jia, attachment)).toString()).toBe('%PDF-1.4 test');

  // By plan, task and unit instead of the id.
  expect(await run('submit', '--plan', 'tiny-2027', '--task', '1', '--unit', '乙局', '--by', '乙局 王', '--text', '已清理。')).toEqual({
    code: 0,
    out: '报送成功，回执编号 HZ-2STB-K5N8-1',
    err: '',
  });
  expect((await state('tiny-2027.t1.cleanup.yi')).stage).toBe('submitted');
  expect(await run('submit', 'tiny-2027.t1.cleanup.yi', '--by', '乙局 王', '--text', '再报一次。')).toEqual(
    refused('已报送（回执 HZ-2STB-K5N8-1），等待审核，不能重复报送'),
  );
}, 120_000);

test('review: return with a reason and a new deadline, then accept the report sent again', async () => {
  const yi = 'tiny-2027.t1.cleanup.yi';
  const refusals = await Promise.all([
    run('review', 'return', yi, '--by', '司法局 李', '--due', '2027-11-30'),
    run('review', 'return', yi, '--by', '司法局 李', '--reason', '数据不全', '--due', '2027-13-01'),
    run('review', 'return', yi, '--by', '司法局 李', '--reason', '数据不全', '--due', '2020-01-01'),
    run('review', 'return', yi, '--by', '司法局 李', '--reason', '  ', '--due', '2027-11-30'),
    run('review', 'accept', 'tiny-2027.t1.cleanup.jia', '--by', '司法局 李'),
    run('review', 'accept', 'nope', '--by', '司法局 李'),
    run('review', 'reject', yi, '--by', '司法局 李'),
  ]);
  expect(refusals).toEqual([
    refused('缺少必填选项 --reason <text>'),
    refused('--due 不是有效的时间 "2027-13-01"（应为 2027-11-30 或 2027-11-30T18:00 这样的时间）'),
    refused('新的截止时间 2020-01-01 已经过去'),
    refused('退回须说明理由'),
    refused('该事项当前为“待办”，没有待审核的报告'),
    refused('未找到报送事项 nope'),
    { code: 2, out: '', err: expect.stringMatching(/^错误：未知命令 reject/) },
  ]);

  expect(await run('review', 'return', yi, '--by', '司法局 李', '--reason', '数据不全', '--due', '2027-11-30')).toEqual({
    code: 0,
    out: `已退回：${yi}，新截止 2027-11-30`,
    err: '',
  });
  const returned = await state(yi);
  expect(returned).toMatchObject({ stage: 'returned', due: '2027-11-30T23:59:59+08:00' });
  expect(returned.timeline.at(-1)).toMatchObject({ kind: 'returned', by: '司法局 李', note: '数据不全；新截止 2027-11-30T23:59:59+08:00' });

  expect((await run('submit', yi, '--by', '乙局 王', '--text', '已补充数据。')).out).toBe(`报送成功，回执编号 ${receiptId(yi, 2)}`);
  expect(await run('review', 'accept', '--plan', 'tiny-2027', '--unit', '乙局', '--by', '司法局 李')).toEqual({
    code: 0,
    out: `审核通过：${yi} 已办结`,
    err: '',
  });
  const accepted = await state(yi);
  expect(accepted.stage).toBe('accepted');
  expect(accepted.timeline.at(-1)).toMatchObject({ kind: 'accepted', by: '司法局 李' });
  // The accepted obligation's workflow has finished: still a clear answer, not "not found".
  expect(await run('review', 'accept', yi, '--by', '司法局 李')).toEqual(refused('该事项当前为“已办结”，没有待审核的报告'));
}, 120_000);

test('extend: a later deadline with a reason; earlier dates and closed obligations are refused', async () => {
  const jia = 'tiny-2027.t1.cleanup.jia';
  expect(await run('extend', jia, '--by', '司法局 李', '--due', '2027-12-01', '--reason', '甲局申请延期')).toEqual({
    code: 0,
    out: `已延期：${jia}，截止由 2027-10-15 延至 2027-12-01`,
    err: '',
  });
  const s = await state(jia);
  expect(s).toMatchObject({ stage: 'open', due: '2027-12-01T23:59:59+08:00' });
  expect(s.timeline.at(-1)).toMatchObject({
    kind: 'extended',
    by: '司法局 李',
    note: '甲局申请延期；截止由 2027-10-15T23:59:59+08:00 延至 2027-12-01T23:59:59+08:00',
  });

  const refusals = await Promise.all([
    run('extend', jia, '--by', '司法局 李', '--due', '2027-11-01', '--reason', '再议'),
    run('extend', jia, '--by', '司法局 李', '--due', '2027-12-20'),
    run('extend', 'tiny-2027.t1.cleanup.yi', '--by', '司法局 李', '--due', '2027-12-20', '--reason', '再议'),
    run('extend', 'figs-2027.t1.cleanup.jia', '--by', '司法局 李', '--due', '2027-12-20', '--reason', '再议'),
  ]);
  expect(refusals).toEqual([
    refused('新的截止时间应晚于原截止时间 2027年12月1日（星期三）23:59'),
    refused('缺少必填选项 --reason <text>'),
    refused('该事项当前为“已办结”，不能延期'),
    refused('该事项当前为“已报送”，不能延期'),
  ]);
  expect((await state(jia)).due).toBe('2027-12-01T23:59:59+08:00');
}, 120_000);

test('look-back: late units by default, all or named units on request; each gets its own round', async () => {
  // figs-2027: 甲局 accepted on time, 乙局 never reported: only 乙局 is looked back on by default.
  expect((await run('review', 'accept', 'figs-2027.t1.cleanup.jia', '--by', '司法局 李')).code).toBe(0);
  expect(await run('look-back', 'figs-2027.t1.cleanup', '--by', '司法局 李', '--due', '2027-12-20')).toEqual({
    code: 0,
    out: '已发起回头看 figs-2027.t1.cleanup.lb1：1 个单位，截止 2027-12-20',
    err: '',
  });
  const lb = await roundOf('figs-2027.t1.cleanup.lb1');
  expect(lb).toMatchObject({ kind: 'lookback', due: '2027-12-20T23:59:59+08:00', planWorkflowId: 'figs-2027' });
  expect(lb.obligations.map((o) => [o.id, o.followUpOf])).toEqual([['figs-2027.t1.cleanup-lb1.yi', 'figs-2027.t1.cleanup.yi']]);
  // The round starts its obligations after its first task: under load the child may not exist yet.
  for (let i = 0; i < 100 && !(await state('figs-2027.t1.cleanup-lb1.yi').catch(() => undefined)); i++)
    await new Promise((r) => setTimeout(r, 100));
  expect((await state('figs-2027.t1.cleanup-lb1.yi')).stage).toBe('open');

  expect(await run('look-back', 'tiny-2027.t1.cleanup', '--by', '司法局 李', '--due', '2027-12-20', '--units', 'all')).toEqual({
    code: 0,
    out: '已发起回头看 tiny-2027.t1.cleanup.lb1：2 个单位，截止 2027-12-20',
    err: '',
  });
  expect((await roundOf('tiny-2027.t1.cleanup.lb1')).obligations.map((o) => o.id)).toEqual([
    'tiny-2027.t1.cleanup-lb1.jia',
    'tiny-2027.t1.cleanup-lb1.yi',
  ]);
  expect(await run('look-back', 'tiny-2027.t1.cleanup', '--by', '司法局 李', '--due', '2027-12-25', '--units', '乙局')).toEqual({
    code: 0,
    out: '已发起回头看 tiny-2027.t1.cleanup.lb2：1 个单位，截止 2027-12-25',
    err: '',
  });
  expect((await roundOf('tiny-2027.t1.cleanup.lb2')).obligations.map((o) => o.id)).toEqual(['tiny-2027.t1.cleanup-lb2.yi']);

  // The look-back obligations join the plan's ledger: a unit alone no longer names one obligation, --duty does.
  for (let i = 0; i < 50 && (await planLedgerOf(env.client, 'tiny-2027')).length < 5; i++) await new Promise((r) => setTimeout(r, 100));
  const yi = ['--plan', 'tiny-2027', '--unit', '乙局', '--by', '司法局 李', '--due', '2028-01-10', '--reason', '乙局申请延期'];
  expect(await run('extend', ...yi)).toEqual(
    refused(
      '有 3 项报送事项符合条件（单位 乙局），请用 --task、--duty 或编号指明：tiny-2027.t1.cleanup-lb1.yi、tiny-2027.t1.cleanup-lb2.yi、tiny-2027.t1.cleanup.yi',
    ),
  );
  expect(await run('extend', ...yi, '--duty', 'cleanup-lb2')).toEqual({
    code: 0,
    out: '已延期：tiny-2027.t1.cleanup-lb2.yi，截止由 2027-12-25 延至 2028-01-10',
    err: '',
  });

  const refusals = await Promise.all([
    run('look-back', 'nope-2027.t1.cleanup', '--by', '司法局 李', '--due', '2027-12-20'),
    run('look-back', 'tiny-2027.t1.cleanup', '--by', '司法局 李', '--due', '2020-01-01'),
    run('look-back', 'tiny-2027.t1.cleanup', '--by', '司法局 李', '--due', '2027-12-20', '--units', '丙局，乙局'),
    run('look-back', 'tiny-2027.t1.cleanup.lb1', '--by', '司法局 李', '--due', '2027-12-20'),
    run('look-back', '--by', '司法局 李', '--due', '2027-12-20'),
  ]);
  expect(refusals).toEqual([
    refused('未找到轮次 nope-2027.t1.cleanup'),
    refused('回头看截止时间 2020-01-01 已经过去'),
    refused('单位不在该轮次中：丙局'),
    refused('tiny-2027.t1.cleanup.lb1 本身是回头看轮次，请对原轮次发起'),
    refused('缺少参数 round-id'),
  ]);
}, 120_000);

test('extension: staff approve the 延期申请 of a unit (another date allowed) or refuse it with a reason; refusals are one line', async () => {
  const id = 'tiny-2027.t1.cleanup-lb1.jia'; // due 2027-12-20
  const apply = (requestedDue: string) =>
    env.client.workflow
      .getHandle(id)
      .executeUpdate(applyForExtension, { args: [{ by: '王某（甲局）', reason: '需补充材料', requestedDue }] });
  expect(await run('extension', 'approve', id, '--by', '司法局 李')).toEqual(refused('该事项没有待审批的延期申请'));
  await apply('2028-01-05');
  expect(await run('extension', 'refuse', id, '--by', '司法局 李', '--reason', ' ')).toEqual(refused('不予批准须说明理由'));
  expect(await run('extension', 'approve', id, '--by', '司法局 李', '--due', '2027-12-01')).toEqual(
    refused('新的截止时间应晚于原截止时间 2027年12月20日（星期一）23:59'),
  );
  expect(await run('extension', 'refuse', id, '--by', '司法局 李', '--reason', '时限不能推迟')).toEqual({
    code: 0,
    out: `已不予批准延期申请：${id}，截止时间仍为 2027-12-20`,
    err: '',
  });
  await apply('2028-01-05');
  expect(await run('extension', 'approve', id, '--by', '司法局 李', '--due', '2028-01-10')).toEqual({
    code: 0,
    out: `已批准延期申请：${id}，截止由 2027-12-20 延至 2028-01-10`,
    err: '',
  });
  const s = await state(id);
  expect(s.extensions?.map((e) => [e.decision?.approved, e.decision?.due ?? e.decision?.reason])).toEqual([
    [false, '时限不能推迟'],
    [true, '2028-01-10T23:59:59+08:00'],
  ]);
  // The plan's cap (2 per duty) is reached: the unit can apply no more.
  await expect(apply('2028-01-20')).rejects.toThrow();
});

test('a report after the deadline is received, and its receipt says so', async () => {
  const year = new Date().getFullYear() - 1;
  const started = await run('start', TINY, '--year', String(year));
  expect(started.out).toBe(`已启动方案 tiny-${year}（小型测试方案）：1 个轮次，2 项报送事项`);
  const id = `tiny-${year}.t1.cleanup.jia`;
  expect(await run('submit', id, '--by', '甲局 王', '--text', '已清理。')).toEqual({
    code: 0,
    out: `报送成功，回执编号 ${receiptId(id, 1)}（逾期报送）`,
    err: '',
  });
  expect((await state(id)).submissions[0].onTime).toBe(false);
}, 120_000);
