// What an SMS says: short, within the providers' rules (one 70-character segment; template variables of at
// most 12 characters), and how a mobile number may appear in logs (masked). Pure.
import type { Notice } from '../obligation/notice';
import { DateTime } from 'luxon';
import { ZONE } from '../calendar/time';

export const SMS_SEGMENT = 70;
export const TEMPLATE_VARIABLE_MAX = 12;

const VERB: Record<Notice['step'], string> = {
  reminder: '请按时报送',
  acknowledge: '尚未签收，请签收',
  催办: '已逾期，请尽快报送',
  督办: '逾期未报，现予督办，请立即报送',
  通报: '逾期未报，已通报',
  undeliverable: '通知投递失败，请核实',
  'extension-applied': '申请延期，请审批',
  'extension-decided': '延期申请已审批，详见邮件',
};

/** Fits `s` into `max` characters, marking a cut with "…". */
export function clip(s: string, max: number): string {
  return [...s].length <= max ? s : [...s].slice(0, max - 1).join('') + '…';
}

/** "10月20日" */
export function shortDate(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return `${d.month}月${d.day}日`;
}

/** Template variables, in order: unit, task number, duty, due date, what to do. Each within the limit. */
export function smsParams(n: Notice): string[] {
  return [n.unit, String(n.task), n.duty, shortDate(n.due), VERB[n.step]].map((v) => clip(v, TEMPLATE_VARIABLE_MAX));
}

/** The free-text form (development and webhook providers), one segment long. */
export function smsText(n: Notice, signature: string): string {
  const [unit, task, duty, due, verb] = smsParams(n);
  return clip(`【${signature}】${unit}：任务${task}“${duty}”${due}截止，${verb}。`, SMS_SEGMENT);
}

/** 199****0011: a mobile number as it may appear in logs. */
export function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

/** One SMS for several notices to one person at one send time. */
export function digestSmsText(ns: Notice[], signature: string): string {
  const units = [...new Set(ns.map((n) => n.unit))];
  return clip(`【${signature}】${clip(units.join('、'), 12)}：${ns.length}项报送事项${VERB[ns[0].step]}，详见邮件。`, SMS_SEGMENT);
}
