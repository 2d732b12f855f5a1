// `duban start`, `status` and `ledger` against the real dev server, as a user runs them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDubanWorker } from '../../worker/create-worker';
import { devServerEnv, workflowBundle } from '../../simulation/environment';
import { RecordingSink } from '../helpers/recording-sink';
import { duban } from '../helpers/processes';
import { receiptId } from '../../domain/obligation/ids';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
});
afterAll(async () => env?.teardown());

test('start a plan once, read its ledger as a table, as JSON and as XLSX', async () => {
  const cli = { TEMPORAL_ADDRESS: env.address, DUBAN_TASK_QUEUE: 'plan-cli', DUBAN_PAYLOAD_ENCRYPTION: 'off' }; // like the worker below
  const worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'plan-cli',
    deps: new RecordingSink().deps(),
    workflowBundle: await workflowBundle(),
  });
  await worker.runUntil(async () => {
    const none = await duban(['status'], cli);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('错误：没有正在运行的方案：请先运行 duban start <方案文件>');

    const started = await duban(['start', 'test/fixtures/plans/tiny.yaml', '--year', '2027'], cli);
    expect(started.stdout.trim()).toBe('已启动方案 tiny-2027（小型测试方案）：1 个轮次，2 项报送事项');
    // 2027 is beyond the calendar package's data: the warning names the year and the file to fill in.
    expect(started.stderr).toMatch(/警告：2027 年没有节假日安排：请在 \S*test\/fixtures\/plans\/calendar\.yaml 中填写/);

    const again = await duban(['start', 'test/fixtures/plans/tiny.yaml', '--year', '2027'], cli);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n').at(-1)).toBe('错误：方案 tiny-2027 已在运行，未重复启动');

    let status = await duban(['status'], cli);
    for (let i = 0; i < 50 && status.code !== 0; i++) status = await duban(['status'], cli); // visibility catches up
    expect(status.stdout).toMatch(/│ 1\s+│ 甲局 │ 清理结果 │ 2027-10-15 │ 待办 │ 绿灯 │ 无\s+│ 未签收 │/);
    expect(status.stdout).toContain('共 2 项，红灯 0 项');

    const one = JSON.parse((await duban(['status', '--plan', 'tiny-2027', '--unit', '乙局', '--json'], cli)).stdout);
    expect(one).toEqual([
      expect.objectContaining({ id: 'tiny-2027.t1.cleanup.yi', unit: '乙局', stage: 'open', due: '2027-10-15T23:59:59+08:00' }),
    ]);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-ledger-')), '台账.xlsx');
    const ledger = await duban(['ledger', '--xlsx', file], cli);
    expect(ledger.stdout.trim()).toBe(`台账已写入 ${file}（2 行）`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('台账')!;
    expect(ws.rowCount).toBe(3);
    expect([ws.getRow(2).getCell(3).value, ws.getRow(3).getCell(3).value].sort()).toEqual(['乙局', '甲局'].sort());
    expect([ws.getRow(2).getCell(6).value, ws.getRow(3).getCell(6).value]).toEqual(['待办', '待办']);

    const missing = await duban(['status', '--plan', 'nope-2027'], cli);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('错误：未找到方案 nope-2027');
    await env.client.workflow.getHandle('tiny-2027').terminate('test done');
  });
}, 180_000);

test('a single obligation: the one-task sample plan starts one obligation that takes a report', async () => {
  const cli = { TEMPORAL_ADDRESS: env.address, DUBAN_TASK_QUEUE: 'plan-cli-single', DUBAN_PAYLOAD_ENCRYPTION: 'off' };
  const sink = new RecordingSink();
  const worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'plan-cli-single',
    deps: sink.deps(),
    workflowBundle: await workflowBundle(),
  });
  await worker.runUntil(async () => {
    const started = await duban(['start', 'plans/single-obligation.yaml', '--year', '2027'], cli);
    expect(started.code).toBe(0);
    expect(started.stdout.trim()).toBe('已启动方案 demo-2027（台山市涉企乱罚款专项整治完成情况报送）：1 个轮次，1 项报送事项');
    expect(started.stderr.trim().split('\n').at(-1)).toBe('已建立 1/1 项报送事项工作流');

    const id = 'demo-2027.t15.rectify.taishan';
    const rows = async () => JSON.parse((await duban(['status', '--plan', 'demo-2027', '--json'], cli)).stdout || '[]');
    let ledger = await rows();
    for (let i = 0; i < 50 && ledger.length === 0; i++) ledger = await rows();
    expect(ledger).toEqual([
      expect.objectContaining({
        id,
        task: 15,
        unit: '台山市',
        duty: '涉企乱罚款专项整治完成情况',
        stage: 'open',
        light: 'green',
        due: '2027-10-20T23:59:59+08:00',
      }),
    ]);

    const submitted = await duban(['submit', id, '--by', '台山市 王某', '--text', '已完成整治，详见附表。'], cli);
    expect(submitted.stdout.trim()).toBe(`报送成功，回执编号 ${receiptId(id, 1)}`);
    for (let i = 0; i < 50 && ledger[0].stage !== 'submitted'; i++) ledger = await rows();
    expect(ledger).toEqual([expect.objectContaining({ id, stage: 'submitted', light: 'green' })]);
    await env.client.workflow.getHandle(id).terminate('test done');
    await env.client.workflow.getHandle('demo-2027').terminate('test done');
  });
}, 180_000);
