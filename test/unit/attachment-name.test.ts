// Attachment names as duban stores and shows them: no folder part, no control or text-reordering characters,
// bounded with the extension kept.
import { boundedAttachmentName, MAX_ATTACHMENT_NAME_CHARS } from '../../domain/obligation/attachment-name';

test('an ordinary name is kept as it was sent', () => {
  expect(boundedAttachmentName('台山市2026年度执法监督报告.pdf')).toBe('台山市2026年度执法监督报告.pdf');
});

test('a right-to-left override cannot make a program look like a PDF', () => {
  // Shown as "程序exe.pdf" by a browser that honours the override; stored as what it is.
  expect(boundedAttachmentName('程序\u202efdp.exe')).toBe('程序fdp.exe');
  expect(boundedAttachmentName('a\u2066b\u2069c\u200f\u061c.docx')).toBe('abc.docx');
});

test('control characters and folder parts are removed', () => {
  expect(boundedAttachmentName('报告\u0000\u0007\r\n\u0085.pdf')).toBe('报告.pdf');
  expect(boundedAttachmentName('../../etc/材料.pdf')).toBe('材料.pdf');
  expect(boundedAttachmentName('C:\\Users\\王某\\材料.xlsx')).toBe('材料.xlsx');
});

test('a long name is cut to the bound with its extension kept', () => {
  const long = `${'报'.repeat(5000)}.pdf`;
  const kept = boundedAttachmentName(long);
  expect([...kept]).toHaveLength(MAX_ATTACHMENT_NAME_CHARS);
  expect(kept.endsWith('.pdf')).toBe(true);
  // Characters outside the BMP count once and are never split.
  expect([...boundedAttachmentName(`${'𠀀'.repeat(300)}.png`)]).toHaveLength(MAX_ATTACHMENT_NAME_CHARS);
});

test('a name with nothing left is named 附件 with its extension', () => {
  expect(boundedAttachmentName('\u202e.pdf')).toBe('附件.pdf');
  expect(boundedAttachmentName('')).toBe('附件');
});
