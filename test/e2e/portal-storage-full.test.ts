// A full disk when a unit submits: the report store's write fails with ENOSPC (the write itself is made to fail,
// the file system is real). The portal answers 507 in Chinese above what the unit typed, leaves no temporary file
// in reports/ or its staging folder, submits nothing; once space is back the same report goes in.
import fs from 'node:fs';
import path from 'node:path';
import { obligationView } from '../../client/operations';
import { startWebStack, WebStack } from '../helpers/web-stack';
import { alertOf, unitToken } from '../helpers/portal-page';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('portal-storage-full');
}, 120_000);
afterAll(async () => {
  jest.restoreAllMocks();
  await stack?.stop();
});

/** Every file under `dir`, relative. */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

test('a report the disk cannot hold: 507 存储空间不足, no temporary file left, nothing submitted; the same report goes in later', async () => {
  const id = `${stack.plan}.t1.cleanup.jia`;
  for (
    let i = 0;
    i < 100 &&
    !(await obligationView(stack.env.client, id).then(
      () => true,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const reports = path.join(stack.dataDir, 'reports');
  const before = files(reports);

  // The disk is full: every write of a file under reports/ fails as the kernel fails it.
  const full = new Set<number>();
  const open = fs.openSync;
  jest.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
    const fd = open(...args);
    if (String(args[0]).startsWith(reports)) full.add(fd);
    return fd;
  });
  const write = fs.writeSync;
  jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, ...rest: unknown[]) => {
    if (full.has(fd))
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    return (write as (fd: number, ...r: unknown[]) => number)(fd, ...rest);
  }) as typeof fs.writeSync);

  const form = () => {
    const f = new FormData();
    f.set('by', '李四');
    f.set('text', '清理工作已完成（磁盘已满时提交）');
    f.set('attachments', new Blob([Buffer.from('%PDF-1.4\n清理台账\n%%EOF\n')]), '清理台账.pdf');
    return f;
  };
  const url = `${stack.url}/u/jia/o/${id}?t=${unitToken('jia')}`;
  const refused = await fetch(url, { method: 'POST', body: form() });
  const page = await refused.text();
  expect(refused.status).toBe(507);
  expect(alertOf(page)).toBe('存储空间不足，报告未能保存，请稍后再试。本次提交未被接收（已记录，请联系管理员）。');
  expect(page).toContain('清理工作已完成（磁盘已满时提交）'); // what the unit typed is still on the page
  expect(full.size).toBeGreaterThan(0); // the store did try to write
  expect(files(reports).filter((f) => !before.includes(f) && !f.includes('attachments'))).toEqual([]);
  expect(files(reports).filter((f) => f.endsWith('.tmp') || f.startsWith('.staging'))).toEqual([]);
  expect((await obligationView(stack.env.client, id)).state.stage).not.toBe('submitted');

  // Space again: the same report is received.
  jest.restoreAllMocks();
  const accepted = await fetch(url, { method: 'POST', body: form() });
  expect(accepted.status).toBe(200);
  expect(await accepted.text()).toContain('报送成功');
  expect(files(reports).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});
