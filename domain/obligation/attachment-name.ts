// An attachment's file name as duban stores and shows it: the name a browser or a command sent, without
// any folder part, control characters or the invisible marks that reorder text (a "程序\u202Efdp.exe" shown as
// "程序exe.pdf"), and at most MAX_ATTACHMENT_NAME_CHARS characters with its extension kept. Pure.

export const MAX_ATTACHMENT_NAME_CHARS = 100;
const MAX_EXTENSION_CHARS = 10;

/** C0 and C1 controls, and the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–E, U+2066–9). */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function boundedAttachmentName(sent: string): string {
  const base = sent.normalize('NFC').replace(HIDDEN, '').split(/[/\\]/).pop()!.trim();
  const chars = [...base];
  const dot = base.lastIndexOf('.');
  const ext = dot >= 0 && base.length - dot <= MAX_EXTENSION_CHARS + 1 ? base.slice(dot) : '';
  const stem = [...(ext ? base.slice(0, dot) : base)];
  if (!stem.length || /^\.*$/.test(stem.join(''))) return `附件${ext}`;
  if (chars.length <= MAX_ATTACHMENT_NAME_CHARS) return base;
  return (
    stem
      .slice(0, MAX_ATTACHMENT_NAME_CHARS - [...ext].length)
      .join('')
      .trimEnd() + ext
  );
}
