// What a person reads carries no machine text: the notes an obligation's timeline keeps (ISO instants, notice
// keys such as ext-1-applied or remind-7) are shown in words and Chinese dates, and a person's own text (a reason)
// is set into a sentence without doubling its closing punctuation. Pure: the stored notes stay as they are, so
// running workflows and their histories are untouched.
import { chineseDateTime } from './format';
import { LADDER_STEPS } from '../calendar/ladder';

/** A person's text as a clause inside a sentence: trailing sentence punctuation and spaces removed (理由：…。 not …。。). */
export function clause(text: string): string {
  return text.trim().replace(/[\s。．.！!？?；;，,、]+$/u, '');
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** Every ISO instant in `text` as a Chinese date and time (2024年10月20日（星期日）23:59). */
export function readableInstants(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => chineseDateTime(iso));
}

const LADDER_KEY: Record<string, string> = {
  remind: '截止前第{n}个工作日提醒',
  urge: '逾期第{n}个工作日催办',
  supervise: '逾期第{n}个工作日督办',
  notify: '逾期第{n}个工作日通报',
};

/** A notice's key as words: remind-7, ack-contact, ext-1-applied; anything else as it is. */
export function noticeKeyZh(key: string): string {
  const ladder = /^(remind|urge|supervise|notify)-(\d+)$/.exec(key);
  if (ladder) return LADDER_KEY[ladder[1]].replace('{n}', ladder[2]);
  const ack = /^ack-(contact|leader)$/.exec(key);
  if (ack) return ack[1] === 'contact' ? '签收提醒（联络员）' : '签收提醒（单位负责人）';
  const ext = /^ext-(\d+)-(applied|decided)$/.exec(key);
  if (ext) return ext[2] === 'applied' ? `第${ext[1]}次延期申请` : `第${ext[1]}次延期申请的审批结果`;
  const reported = /^(.+)-undeliverable$/.exec(key);
  if (reported) return `${noticeKeyZh(reported[1])}投递失败的报告`;
  return key;
}

/** Timeline entries whose note is only the key of the notice they record. */
const KEY_NOTES = new Set<string>([...LADDER_STEPS, 'acknowledge-reminder', 'extension-applied-notice', 'extension-decided-notice']);

/** The note of a timeline entry as a person reads it. */
export function timelineNote(e: { kind: string; note?: string }): string {
  if (!e.note) return '';
  if (KEY_NOTES.has(e.kind)) return noticeKeyZh(e.note);
  // undeliverable / delivery-stalled: "<key>：<reason>"
  const keyed = /^([a-z0-9-]+)：([\s\S]*)$/.exec(e.note);
  if (keyed && (e.kind === 'undeliverable' || e.kind === 'delivery-stalled')) return `${noticeKeyZh(keyed[1])}：${keyed[2]}`;
  return readableInstants(e.note.replace(/[。．.]+；/gu, '；').replace(/[。．.]+：/gu, '：'));
}
