// A round's ladder on the time-skipping server with the real mail channel and the worker's document issuer: the
// 督办 mail of each unit carries its 督办通知书 with the rungs its obligation's timeline recorded, the 通报 mails
// carry the round's 通报 (one document under one number, listing every unit still missing).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { DocumentIssuer } from '../../activities/documents/issuer';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer } from '../../activities/mail/mailer';
import { timeSkippingEnv, workflowBundle } from '../../simulation/environment';
import { planRunSpec, RoundSpec } from '../../domain/obligation/spec';
import { roundWorkflow } from '../../workflows/round';
import { obligationState } from '../../domain/contract/messages';
import type { TimelineEntry } from '../../domain/obligation/state';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { SqliteDocumentNumbers } from '../../store/local/document-numbers';
import { LocalReportStore } from '../../store/local/report-store';
import { loadShipped } from '../helpers/plan-files';
import { TestSmtp } from '../helpers/smtp';
import { docxTables, docxText } from '../helpers/office';

const TQ = 'ladder-documents';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-ladder-docs-'));
let env: TestWorkflowEnvironment;
let smtp: TestSmtp;
let log: SqliteDeliveryLog;
let numbers: SqliteDocumentNumbers;
let mailer: Mailer;

beforeAll(async () => {
  env = await timeSkippingEnv();
  smtp = new TestSmtp();
  await smtp.start();
  log = new SqliteDeliveryLog(path.join(dir, 'delivery.db'));
  numbers = new SqliteDocumentNumbers(path.join(dir, 'document-numbers.db'));
  mailer = new Mailer({ url: smtp.url, from: '江门市司法局 <duban@example.org>' }, log);
}, 300_000);
afterAll(async () => {
  mailer?.close();
  await smtp?.stop();
  log?.close();
  numbers?.close();
  await env?.teardown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const timelines: Record<string, TimelineEntry[]> = {};
const allocated: Record<string, number> = {};
const numbersOf = (key: string) => allocated[key];

test('the 督办 mails carry each unit’s 督办通知书, the 通报 mails the round’s 通报', async () => {
  const source = planRunSpec(loadShipped()).rounds.find((r) => r.round === 'jiangmen-2024.t14.may')!;
  const shift = (await env.currentTimeMs()) - DateTime.fromISO('2024-05-27T10:00', { zone: 'Asia/Shanghai' }).toMillis();
  const spec: RoundSpec = { ...source, obligations: source.obligations.slice(0, 2), clockShiftMs: shift };
  const issuer = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '江门市司法局', now: () => Date.now() - shift });
  const notices = new MailNoticeSink({
    mailer,
    context: { contact: '市司法局行政执法协调监督科 0750-0000000', issuer: '江门市司法局' },
    documentFor: (n) => issuer.forNotice(n),
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TQ,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      notices,
      reports: new LocalReportStore(path.join(dir, 'reports')),
      temporal: () => env.client,
      documents: issuer,
    }),
  });
  await worker.runUntil(async () => {
    const round = await env.client.workflow.start(roundWorkflow, { args: [spec], taskQueue: TQ, workflowId: spec.round });
    // Past the 通报 (seven working days after the 31 May deadline) with nobody reporting.
    await env.sleep(DateTime.fromISO('2024-06-14T12:00', { zone: 'Asia/Shanghai' }).toMillis() - ((await env.currentTimeMs()) - shift));
    for (let i = 0; i < 300 && smtp.messages.filter((m) => m.subject?.startsWith('【通报】')).length < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    // Each obligation's timeline records the documents issued for it, with their numbers.
    for (const o of spec.obligations) timelines[o.id] = (await env.client.workflow.getHandle(o.id).query(obligationState)).timeline;
    await round.terminate('test over');
    for (const o of spec.obligations)
      await env.client.workflow
        .getHandle(o.id)
        .terminate('test over')
        .catch(() => undefined);
  });
  for (const n of await numbers.list('江司督/2024')) allocated[n.key] = n.n;

  const [a, b] = spec.obligations;
  const circularNo = numbersOf(`circular:${spec.round}`);
  for (const o of spec.obligations)
    expect(timelines[o.id].filter((e) => e.kind === 'document').map((e) => [e.at.slice(0, 10), e.note])).toEqual([
      ['2024-06-05', `督办通知书 江司督〔2024〕${numbersOf(`supervision:${o.id}:2024-05-31`)}号`],
      ['2024-06-12', `通报 江司督〔2024〕${circularNo}号`],
    ]);
  const withDoc = smtp.messages
    .filter((m) => m.attachments.some((x) => x.filename?.endsWith('.docx')))
    .map((m) => [m.subject?.slice(0, 4), m.attachments.map((x) => x.filename)])
    .sort((x, y) => String(x[1]).localeCompare(String(y[1])));
  expect(withDoc).toEqual(
    [
      ['【督办】', [`督办通知书-${a.unit}-任务14-may.docx`]],
      ['【督办】', [`督办通知书-${b.unit}-任务14-may.docx`]],
      ['【通报】', ['通报-任务14-may.docx']],
      ['【通报】', ['通报-任务14-may.docx']],
    ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))) as never,
  );
  const doc = (subject: string, unit?: string) =>
    smtp.messages.find((m) => m.subject?.startsWith(subject) && m.attachments.some((x) => !unit || x.filename?.includes(unit)))!
      .attachments[0].content;

  // Each 督办通知书 has its number, the date of the 督办 step, and the rungs its timeline recorded before it.
  const first = await docxText(doc('【督办】', a.unit));
  const listed = await numbers.list('江司督/2024');
  expect(listed.map((n) => n.key).sort()).toEqual(
    [`supervision:${a.id}:2024-05-31`, `supervision:${b.id}:2024-05-31`, `circular:${spec.round}`].sort(),
  );
  const supervisionNo = listed.find((n) => n.key === `supervision:${a.id}:2024-05-31`)!.n;
  expect(first).toContain(`江司督〔2024〕${supervisionNo}号`);
  expect(first).toContain(`${a.unit}：`);
  const [table] = await docxTables(doc('【督办】', a.unit));
  expect(table[4]).toEqual(['逾期工作日', '3']);
  expect(table[5][1]).toMatch(/^提醒（5月\d+日）、.*催办（6月3日）$/);

  // The two 通报 mails carry one document: the round's, both units listed as missing.
  const circulars = smtp.messages.filter((m) => m.subject?.startsWith('【通报】')).map((m) => m.attachments[0].content);
  expect(await docxText(circulars[0])).toBe(await docxText(circulars[1]));
  const [missing] = await docxTables(circulars[0]);
  expect(
    missing
      .slice(1)
      .map((r) => r[1])
      .sort(),
  ).toEqual([a.unit, b.unit].sort());
  expect(missing.slice(1).map((r) => r[4])).toEqual(['催办、督办', '催办、督办']);
}, 300_000);
