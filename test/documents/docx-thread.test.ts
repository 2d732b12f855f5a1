// The 公文 are rendered in a thread of their own (so a 09:00 burst's 督办通知书 do not hold up the sender on the main
// thread): the thread starts from the project's own sources, renders what the main thread would, and many documents
// asked for at once each come back as their own.
import { DocxThread } from '../../activities/documents/docx-thread';
import { writeDocx } from '../../activities/documents/docx-writer';
import { supervisionNotice } from '../../domain/documents/contents';
import { documentSettings } from '../../domain/plan/issuer-schema';
import { docxTables, docxText } from '../helpers/office';

const settings = documentSettings({ issuer: '江门市司法局' });
const notice = (unit: string) =>
  supervisionNotice(
    { id: `t.${unit}`, unit, task: 3, taskTitle: '行政执法监督', duty: '整改情况报告', dutyId: 'd' },
    { due: '2024-10-20T23:59:59+08:00', timeline: [{ at: '2024-10-21T09:00:00+08:00', kind: '催办' }] },
    { settings, at: '2024-10-23T09:00:00+08:00' },
  );

const thread = new DocxThread();
afterAll(() => thread.close());

test('a document rendered in the thread reads as the one rendered here', async () => {
  const doc = notice('开平市');
  const there = await thread.render(doc, '江司督〔2024〕7号');
  expect(thread.threaded).toBe(true);
  const here = await writeDocx(doc, '江司督〔2024〕7号');
  expect(await docxText(there)).toBe(await docxText(here));
  expect(await docxTables(there)).toEqual(await docxTables(here));
  expect(await docxText(there)).toContain('江司督〔2024〕7号');
});

test('forty documents at once: each comes back with its own unit and number', async () => {
  const units = Array.from({ length: 40 }, (_, i) => `单位${i + 1}`);
  const docs = await Promise.all(units.map((u, i) => thread.render(notice(u), `江司督〔2024〕${i + 1}号`)));
  const texts = await Promise.all(docs.map((d) => docxText(d)));
  texts.forEach((t, i) => {
    expect(t).toContain(`${units[i]}：`);
    expect(t).toContain(`江司督〔2024〕${i + 1}号`);
  });
  expect(thread.threaded).toBe(true);
});
