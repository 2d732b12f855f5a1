// What a 政务微信 / 企业微信 text card says: the notice's kind and task as its title, the unit, duty and
// deadline as its description, and the report link behind its button; several notices to one member at one
// send time as one card listing them. Within WeCom's limits (title 128 bytes, description 512, button 4
// characters); the description's few tags are WeCom's own, every text in it escaped.
import { noticeHolidays, type Notice } from '../../domain/obligation/notice';
import { chineseDateTime, chineseDay, timeLeft } from '../../domain/notices/format';
import { shortDate } from '../../domain/notices/sms';
import { STEP_ZH } from '../../domain/notices/step-labels';
import type { TextCard } from './client';

export const TITLE_BYTES = 128;
export const DESCRIPTION_BYTES = 512;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Fits `s` into `max` UTF-8 bytes, marking a cut with "…". */
export function clipBytes(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  const chars = [...s];
  while (chars.length && bytes(chars.join('') + '…') > max) chars.pop();
  return chars.join('') + '…';
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The description's lines: a date in gray, then normal lines, the last highlighted; cut to the limit line by line. */
function description(gray: string, lines: string[], highlight: string): string {
  const head = `<div class="gray">${escape(gray)}</div>`;
  const tail = `<div class="highlight">${escape(highlight)}</div>`;
  let body = '';
  for (const line of lines) {
    const next = `${body}<div class="normal">${escape(line)}</div>`;
    if (bytes(head + next + tail) > DESCRIPTION_BYTES) break;
    body = next;
  }
  return clipBytes(head + body + tail, DESCRIPTION_BYTES);
}

export function textCard(ns: Notice[], o: { url: string; issuer: string; button: string }): TextCard {
  const first = ns[0];
  const step = STEP_ZH[first.step];
  if (ns.length === 1) {
    return {
      title: clipBytes(`【${step}】任务${first.task} ${first.duty}`, TITLE_BYTES),
      description: description(
        chineseDay(first.at),
        [`${first.unit}：任务${first.task} ${first.taskTitle}`, `事项：${first.duty}`],
        `截止 ${chineseDateTime(first.due)}，${timeLeft(first.at, first.due, noticeHolidays(first))}`,
      ),
      url: o.url,
      btntxt: o.button,
    };
  }
  const units = [...new Set(ns.map((n) => n.unit))];
  const items = ns.map((n, i) => `${i + 1}. 任务${n.task} ${n.duty}（${n.unit}），${shortDate(n.due)}截止`);
  return {
    title: clipBytes(`【${step}】${clipBytes(units.join('、'), 36)}：${ns.length}项报送事项`, TITLE_BYTES),
    description: description(chineseDay(first.at), items, `共 ${ns.length} 项，详见邮件。${o.issuer}`),
    url: o.url,
    btntxt: o.button,
  };
}
