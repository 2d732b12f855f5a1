// The report store, embedded (files under data/reports) and PostgreSQL (rows): reports and attachments kept
// with their sha256, content-addressed, never removed; only allowed, bounded attachments; no path leaves it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describeAttachment, ReportStore } from '../../store/report-store';
import { discardUpload, HEAD_BYTES, stageUpload } from '../../store/uploads';
import { DomainError } from '../../domain/errors';
import { embeddedKind, storeKinds } from '../helpers/postgres';

const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const OBLIGATION = 'jiangmen-2024.t15.rectify.kaiping';

describe.each(storeKinds())('the report store: $name', (kind) => {
  let store: ReportStore;
  beforeAll(async () => {
    await kind.setUp();
    store = (await kind.host()).reports;
  });
  afterAll(() => kind.tearDown());
  const staged = (name: string, content: Buffer) => stageUpload(store.stagingDir, name, Readable.from([content]));

  test('an attachment streams in, is kept under its digest and read back byte for byte, by another process too', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7 台账'), crypto.randomBytes(200 * 1024)]);
    const upload = await staged('整治台账.pdf', pdf);
    expect(upload).toMatchObject({ size: pdf.length, sha256: sha(pdf) });
    expect(upload.head.equals(pdf.subarray(0, HEAD_BYTES))).toBe(true); // only the head is held in memory
    const ref = await store.adoptUpload(OBLIGATION, upload);
    expect(ref).toEqual({ filename: '整治台账.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha(pdf) });
    expect((await store.attachment(OBLIGATION, ref)).equals(pdf)).toBe(true);
    expect(fs.existsSync(upload.file)).toBe(false);
    const other = (await kind.host()).reports;
    expect((await other.attachmentIfStored(OBLIGATION, ref))?.equals(pdf)).toBe(true);
    expect(await other.hasAttachment(OBLIGATION, ref)).toBe(true);
    expect(await other.attachmentIfStored('jiangmen-2024.t15.rectify.taishan', ref)).toBeUndefined();
    // The same file again is the same stored file, and the staged copy goes.
    const again = await staged('副本.pdf', pdf);
    expect((await store.adoptUpload(OBLIGATION, again)).sha256).toBe(ref.sha256);
    expect(fs.readdirSync(store.stagingDir)).toEqual([]);
  });

  test('a disallowed type or an oversized file is refused with a clear Chinese reason, and nothing is adopted', async () => {
    const exe = await staged('virus.exe', Buffer.from('MZ'));
    await expect(store.adoptUpload('o', exe)).rejects.toThrow(DomainError);
    await expect(store.adoptUpload('o', exe)).rejects.toThrow('不支持的附件类型 .exe');
    expect(() => describeAttachment('huge.pdf', 20 * 1024 * 1024 + 1, 'f'.repeat(64))).toThrow('附件 huge.pdf 过大（20.0 MB，上限 20 MB）');
    expect(await store.hasAttachment('o', { filename: 'virus.exe', contentType: '', size: 2, sha256: sha('MZ') })).toBe(false);
    await discardUpload(exe);
    expect(fs.existsSync(exe.file)).toBe(false);
  });

  test('a report is stored once per receipt with its digest; a retry keeps the first', async () => {
    const report = { text: '已完成整治。', figures: {}, attachments: [] };
    const first = await store.putReport('jiangmen-2024.t14.may.gaj', 'HZ-jiangmen-2024.t14.may.gaj-1', report);
    const again = await (
      await kind.host()
    ).reports.putReport('jiangmen-2024.t14.may.gaj', 'HZ-jiangmen-2024.t14.may.gaj-1', { ...report, text: '另一份' });
    expect(again).toEqual(first);
    expect(first.path).toBe('jiangmen-2024.t14.may.gaj/HZ-jiangmen-2024.t14.may.gaj-1/report.json');
    const body = await store.read(first);
    expect(first.sha256).toBe(sha(body));
    expect(JSON.parse(body)).toMatchObject({ receipt: 'HZ-jiangmen-2024.t14.may.gaj-1', text: '已完成整治。' });
  });

  test('a submission is named by its digest (the same report twice is one), and its text is read back', async () => {
    const report = { by: '开平市 王某', text: '专项整治已完成，详见附表。', figures: { cases: 12 }, attachments: [] };
    const a = await store.putSubmission(OBLIGATION, report);
    const b = await (await kind.host()).reports.putSubmission(OBLIGATION, report);
    expect(b).toEqual(a);
    expect(a).toMatchObject({ path: `${OBLIGATION}/reports/${a.sha256}.json`, chars: report.text.length, excerpt: report.text });
    expect(sha(await store.read(a))).toBe(a.sha256);
    expect(await store.textOf(a)).toBe(report.text);
    expect(await store.textOf({ path: `${OBLIGATION}/reports/${'0'.repeat(64)}.json` })).toBeUndefined();
  });

  test('a reference whose path leaves the store is refused', async () => {
    for (const p of ['../../etc/passwd', '/etc/passwd', `${OBLIGATION}/../../x.json`]) {
      await expect(store.read({ path: p })).rejects.toThrow('报告存储路径无效');
      expect(await store.textOf({ path: p })).toBeUndefined();
    }
  });
});

test('the embedded store keeps its folders and files for this OS user only (0700, 0600)', async () => {
  const embedded = embeddedKind();
  const store = (await embedded.host()).reports;
  try {
    const ref = await store.putSubmission('jiangmen-2024.t1.annual.taishan', {
      by: '台山市 李某',
      text: '已完成。',
      figures: {},
      attachments: [],
    });
    const file = path.join(embedded.dataDir, 'reports', ref.path);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no temporary file left
  } finally {
    await embedded.tearDown();
  }
});
