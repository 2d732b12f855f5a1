// The report store: reports and attachments on disk with their sha256; only allowed, bounded attachments.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ReportStore } from '../../activities/reports/report-store';
import { discardUpload, HEAD_BYTES, stageUpload } from '../../activities/reports/upload';
import { DomainError } from '../../domain/errors';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-store-'));
const store = new ReportStore(root);
const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

const staged = (name: string, content: Buffer) => stageUpload(store.stagingDir, name, Readable.from([content]));

test('an attachment streams in, is kept under its digest and read back byte for byte', async () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7 台账'), crypto.randomBytes(200 * 1024)]);
  const upload = await staged('整治台账.pdf', pdf);
  expect(upload).toMatchObject({ size: pdf.length, sha256: sha(pdf) });
  expect(upload.head.equals(pdf.subarray(0, HEAD_BYTES))).toBe(true); // only the head is held in memory
  const ref = await store.adoptUpload('jiangmen-2024.t15.rectify.kaiping', upload);
  expect(ref).toEqual({ filename: '整治台账.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha(pdf) });
  expect(store.attachment('jiangmen-2024.t15.rectify.kaiping', ref).equals(pdf)).toBe(true);
  expect(fs.existsSync(upload.file)).toBe(false);
  // The same file again is the same stored file, and the staged copy goes.
  const again = await staged('副本.pdf', pdf);
  expect((await store.adoptUpload('jiangmen-2024.t15.rectify.kaiping', again)).sha256).toBe(ref.sha256);
  expect(fs.readdirSync(store.stagingDir)).toEqual([]);
});

test('a disallowed type or an oversized file is refused with a clear Chinese reason, and nothing is adopted', async () => {
  const exe = await staged('virus.exe', Buffer.from('MZ'));
  await expect(store.adoptUpload('o', exe)).rejects.toThrow(DomainError);
  await expect(store.adoptUpload('o', exe)).rejects.toThrow('不支持的附件类型 .exe');
  expect(() => ReportStore.describe('huge.pdf', 20 * 1024 * 1024 + 1, 'f'.repeat(64))).toThrow('附件 huge.pdf 过大（20.0 MB，上限 20 MB）');
  expect(fs.existsSync(path.join(root, 'o'))).toBe(false);
  await discardUpload(exe);
  expect(fs.existsSync(exe.file)).toBe(false);
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
