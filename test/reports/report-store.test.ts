// The report store: reports and attachments on disk with their sha256; only allowed, bounded attachments.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReportStore } from '../../activities/reports/report-store';
import { DomainError } from '../../domain/errors';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-store-'));
const store = new ReportStore(root);
const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

test('an attachment is kept under its digest and read back byte for byte', () => {
  const pdf = Buffer.from('%PDF-1.7 台账');
  const ref = store.putAttachment('jiangmen-2024.t15.rectify.kaiping', '整治台账.pdf', pdf);
  expect(ref).toEqual({ filename: '整治台账.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha(pdf) });
  expect(store.attachment('jiangmen-2024.t15.rectify.kaiping', ref).equals(pdf)).toBe(true);
});

test('a disallowed type or an oversized file is refused with a clear Chinese reason, and nothing is written', () => {
  expect(() => store.putAttachment('o', 'virus.exe', Buffer.from('MZ'))).toThrow(DomainError);
  expect(() => store.putAttachment('o', 'virus.exe', Buffer.from('MZ'))).toThrow('不支持的附件类型 .exe');
  expect(() => store.putAttachment('o', 'huge.pdf', Buffer.alloc(20 * 1024 * 1024 + 1))).toThrow('附件 huge.pdf 过大（20.0 MB，上限 20 MB）');
  expect(fs.existsSync(path.join(root, 'o'))).toBe(false);
});

test('a report is stored once per receipt with its digest; a retry keeps the first', () => {
  const first = store.putReport('jiangmen-2024.t14.may.gaj', 'HZ-jiangmen-2024.t14.may.gaj-1', { text: '已完成整治。', figures: {}, attachments: [] });
  const again = store.putReport('jiangmen-2024.t14.may.gaj', 'HZ-jiangmen-2024.t14.may.gaj-1', { text: '已完成整治。', figures: {}, attachments: [] });
  expect(again).toEqual(first);
  const body = fs.readFileSync(path.join(root, first.path));
  expect(first.sha256).toBe(sha(body));
  expect(JSON.parse(store.read(first))).toMatchObject({ receipt: 'HZ-jiangmen-2024.t14.may.gaj-1', text: '已完成整治。' });
  expect(fs.readdirSync(path.dirname(path.join(root, first.path)))).toEqual(['report.json']); // no temporary file left
});
