// The mail of a 督办 carries its 督办通知书 (.docx, numbered in the store) through a real SMTP server; the other
// rungs carry none; the same 督办 asked for again keeps its number, another unit's takes the next.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { SqliteDocumentNumbers } from '../../store/local/document-numbers';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer } from '../../activities/mail/mailer';
import { DocumentIssuer } from '../../activities/documents/issuer';
import { buildNotice } from '../../domain/obligation/notice';
import { initialState } from '../../domain/obligation/lifecycle';
import { TestSmtp } from '../helpers/smtp';
import { docxTables, docxText } from '../helpers/office';
import {
  rectifyLadder,
  rectifyObligation,
  RECTIFY_OPENED,
  rectifyRound,
  rectifySteps,
  rectifySupervision,
} from '../helpers/rectify-ladder';
import { openMailDelivery, type MailDelivery } from '../helpers/mail-delivery';

let delivery: MailDelivery;
let smtp: TestSmtp;
let log: SqliteDeliveryLog;
let mailer: Mailer;
let numbers: SqliteDocumentNumbers;
let issuer: DocumentIssuer;
let sink: MailNoticeSink;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-mail-docs-'));

beforeAll(async () => {
  delivery = await openMailDelivery();
  ({ smtp, log, mailer } = delivery);
  numbers = new SqliteDocumentNumbers(path.join(dir, 'document-numbers.db'));
  issuer = new DocumentIssuer({
    numbers: () => numbers,
    fallbackIssuer: '江门市司法局',
    contact: '市司法局行政执法协调监督科 0750-0000000',
  });
  sink = new MailNoticeSink({
    mailer,
    context: { contact: '市司法局行政执法协调监督科 0750-0000000', issuer: '江门市司法局' },
    documentFor: (n) => issuer.forNotice(n),
  });
});
afterAll(async () => {
  await delivery.close();
  numbers.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the 督办 mail carries the 督办通知书; 提醒 and 催办 carry nothing', async () => {
  for (const n of rectifyLadder('开平市').filter((n) => n.step !== '通报')) await sink.deliverNotice(n);
  const byStep = smtp.messages.map((m) => [m.subject?.slice(0, 4), m.attachments.map((a) => a.filename)]);
  expect(byStep).toEqual([
    ['【提醒】', []],
    ['【提醒】', []],
    ['【提醒】', []],
    ['【催办】', []],
    ['【督办】', ['督办通知书-开平市-任务15-rectify.docx']],
  ]);
  const doc = smtp.messages[4].attachments[0];
  expect(doc.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const text = await docxText(doc.content);
  expect(text.split('\n')).toEqual(expect.arrayContaining(['江门市司法局文件', '江司督〔2024〕1号', '开平市：']));
  // Dated the day of the 督办 step (three working days after the deadline), the days overdue counted to then.
  const at = rectifySupervision('开平市').at;
  expect(at.slice(0, 10)).toBe('2024-10-23');
  expect(text).toContain('2024年10月23日');
  const [table] = await docxTables(doc.content);
  expect(table.slice(2, 5)).toEqual([
    ['报送事项', rectifyRound.duty],
    ['截止时间', '2024年10月20日'],
    ['逾期工作日', '3'],
  ]);
});

test('asked again, the same 督办 keeps its number; another unit’s takes the next', async () => {
  const kaiping = rectifySupervision('开平市');
  expect((await issuer.forNotice(kaiping))!.number).toBe('江司督〔2024〕1号');
  await sink.deliverNotice(rectifySupervision('台山市'));
  const taishan = smtp.messages.at(-1)!;
  expect(await docxText(taishan.attachments[0].content)).toContain('江司督〔2024〕2号');
  expect((await numbers.list('江司督/2024')).map((r) => [r.n, r.key])).toEqual([
    [1, 'supervision:jiangmen-2024.t15.rectify.kaiping:2024-10-20'],
    [2, 'supervision:jiangmen-2024.t15.rectify.taishan:2024-10-20'],
  ]);
});

test('a 督办 carries what its 督办通知书 says: issued from the notice alone, without asking the busy obligation', async () => {
  const spec = rectifyObligation('恩平市');
  const state = initialState(spec, RECTIFY_OPENED.toMillis());
  const ladder = rectifySteps();
  const supervision = ladder.find((s) => s.step === '督办')!;
  // The rungs its timeline recorded, and one recorded at the 督办's own instant, which is not a rung before it.
  for (const s of ladder.filter((s) => s.step !== '通报')) state.timeline.push({ at: s.at, kind: s.step });
  const notice = buildNotice(spec, state, { step: supervision.step, key: supervision.key, at: supervision.at }, `${spec.id}/x`);
  expect(notice.supervision!.rungs.map((r) => r.kind)).toEqual(['reminder', 'reminder', 'reminder', '催办']);
  // No Temporal client: a notice that lacked its facts would be issued with no rungs at all.
  const alone = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '江门市司法局' });
  expect(alone.temporal).toBeUndefined();
  const [table] = await docxTables((await alone.forNotice(notice))!.content);
  expect(table[5][1]).toBe('提醒（10月11日）、提醒（10月16日）、提醒（10月18日）、催办（10月21日）');
  // Other steps carry nothing of the kind.
  const urge = ladder.find((s) => s.step === '催办')!;
  expect(buildNotice(spec, state, { step: urge.step, key: urge.key, at: urge.at }, 'k').supervision).toBeUndefined();
});
