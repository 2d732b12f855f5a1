// A 公文 (GB/T 9704-2012) as data: the parts of its 版头, 主体 and 版记, with the body as blocks. Pure: built in
// domain/documents/*.ts from the ledger and the plan, written to .docx by activities/documents/.
import { DateTime } from 'luxon';
import { ZONE } from '../calendar/time';
import type { DocumentSettings } from '../plan/issuer-schema';

/** The kinds of document duban writes, with the word a user types (`duban doc <kind>`) and reads. */
export const DOCUMENT_KINDS = {
  supervision: '督办通知书',
  circular: '通报',
  compilation: '汇总',
  annual: '年度总结',
  assessment: '考核结果',
  lookback: '回头看通知',
  rectification: '整改通知',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** A kind from what a user typed: its English code or its Chinese name (回头看 and 整改 alone too). */
export function documentKindOf(word: string): DocumentKind | undefined {
  const w = word.trim();
  if (w in DOCUMENT_KINDS) return w as DocumentKind;
  const zh = Object.entries(DOCUMENT_KINDS).find(([, name]) => name === w || name.replace(/通知书?$|结果$/, '') === w);
  return zh?.[0] as DocumentKind | undefined;
}

export type Block =
  /** Body text, first line indented two characters. */
  | { kind: 'paragraph'; text: string }
  /** 一、 level-1 heading (黑体). */
  | { kind: 'heading1'; text: string }
  /** （一） level-2 heading (楷体). */
  | { kind: 'heading2'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][]; /** Relative column widths. */ widths?: number[] };

export interface Attachment {
  title: string;
  blocks: Block[];
}

export interface OfficialDocument {
  kind: DocumentKind;
  /** What the 发文字号 is allocated for: asking again for the same document gives the same number. */
  key: string;
  /** The year its number is counted in (the year it is issued). */
  year: number;
  settings: DocumentSettings;
  title: string;
  /** 主送机关. */
  addressee: string;
  body: Block[];
  /** Appended after the 成文日期, each on a page of its own, named in the 附件说明. */
  attachments: Attachment[];
  /** 成文日期, ISO instant (+08:00). */
  date: string;
  /** File name without extension, e.g. 督办通知书-台山市-任务17. */
  fileName: string;
  /** The obligations whose timelines record the document with its number (the unit's 督办, the units a 通报 names). */
  recordIn?: string[];
}

/** What an obligation's timeline is told when a document concerning it is issued. */
export interface DocumentIssuedSignal {
  kind: DocumentKind;
  /** e.g. 督办通知书 */
  title: string;
  /** 发文字号 */
  number: string;
  /** 成文日期, ISO instant. */
  at: string;
}

/** 成文日期 in Arabic numerals: 2026年12月7日. */
export function documentDate(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return `${d.year}年${d.month}月${d.day}日`;
}

/** The year a document dated `iso` is numbered in (Beijing time). */
export const documentYear = (iso: string): number => DateTime.fromISO(iso, { zone: ZONE }).year;

/** A name safe in a file name on every system the office uses. */
export const fileSafe = (s: string): string => s.replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 80);

/** The 附件说明 line: 附件：1. 名称 (one attachment: no number). */
export function attachmentNote(atts: Attachment[]): string[] {
  if (atts.length === 0) return [];
  if (atts.length === 1) return [`附件：${atts[0].title}`];
  return atts.map((a, i) => `${i === 0 ? '附件：' : '　　　'}${i + 1}. ${a.title}`);
}
