// A notice file as numbered lines for the drafter: .txt (UTF-8, else GB18030), .docx (paragraphs and tables,
// a table row as one line of tab-separated cells), .pdf with a text layer, and a saved .html page (its article
// body: the element with the most Chinese text in its paragraphs, not the site's menus).
import fs from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { AppError } from '../errors';
import type { NoticeLine } from '../../domain/draft/text';
import { heading } from '../../domain/draft/structure';

export const MAX_NOTICE_BYTES = 20 * 1024 * 1024;

export async function readNotice(file: string): Promise<NoticeLine[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError(`找不到通知文件 ${file}`);
  }
  if (!stat.isFile()) throw new AppError(`${file} 不是文件`);
  if (stat.size > MAX_NOTICE_BYTES) throw new AppError(`通知文件 ${file} 超过 20 MB，不予读取`);
  const ext = path.extname(file).toLowerCase();
  const data = fs.readFileSync(file);
  let texts: string[];
  try {
    if (ext === '.txt' || ext === '.text') texts = decodeText(data).split(/\r?\n/);
    else if (ext === '.docx') texts = await docxLines(data);
    else if (ext === '.pdf') texts = await pdfLines(data);
    else if (ext === '.html' || ext === '.htm') texts = htmlLines(decodeText(data));
    else throw new AppError(`不支持的通知文件类型“${ext || '（无扩展名）'}”：请使用 .txt、.docx、.pdf 或 .html`);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      `无法读取通知文件 ${file}：文件已损坏或格式不符（${err instanceof Error ? err.message.split('\n')[0] : String(err)}）`,
    );
  }
  const lines = texts.map((text, i) => ({ no: i + 1, text }));
  if (!lines.some((l) => l.text.trim())) throw new AppError(`通知文件 ${file} 中没有可读取的文字（扫描件的 PDF 需先识别文字）`);
  return lines;
}

/** UTF-8, or GB18030 when the bytes are not valid UTF-8. */
export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

async function docxLines(data: Buffer): Promise<string[]> {
  const mammoth = await import('mammoth');
  const { value } = await mammoth.convertToHtml({ buffer: data });
  const $ = cheerio.load(value);
  const out: string[] = [];
  $('body')
    .children()
    .each((_, el) => blockLines($, el, out));
  return out;
}

function blockLines($: cheerio.CheerioAPI, el: AnyNode, out: string[]): void {
  const node = $(el);
  const tag = (el as { tagName?: string }).tagName?.toLowerCase();
  if (tag === 'table') {
    node.find('tr').each((_, tr) => {
      out.push(
        $(tr)
          .children('td,th')
          .map((__, td) => clean($(td).text()))
          .get()
          .join('\t'),
      );
    });
  } else if (tag === 'ul' || tag === 'ol') node.children('li').each((_, li) => void out.push(clean($(li).text())));
  else out.push(clean(node.text()));
}

const clean = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

async function pdfLines(data: Buffer): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PDFParse } = require('pdf-parse') as typeof import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    const result = await parser.getText();
    return unwrap(result.text.split(/\r?\n/).filter((l) => !/^--\s*\d+\s*of\s*\d+\s*--$/.test(l.trim())));
  } finally {
    await parser.destroy();
  }
}

/** Display width: a Chinese character counts two, an ASCII one. */
const width = (s: string) => [...s].reduce((n, c) => n + (c <= '\u00ff' ? 1 : 2), 0);

/**
 * A PDF's text lines as the notice's paragraphs: the spaces the text layer puts between Chinese and digits
 * dropped, and a line that runs to the right margin joined with the next (unless that one starts a numbered
 * heading or is a date line).
 */
export function unwrap(raw: string[]): string[] {
  const lines = raw
    .map((l) => l.replace(/(?<=[\p{Script=Han}\p{P}])[ \t]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])[ \t]+(?=[\p{Script=Han}\p{P}])/gu, '').trim())
    .filter((l) => l.length > 0);
  const full = Math.max(0, ...lines.map(width));
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < lines.length; i++) {
    cur += lines[i];
    const next = lines[i + 1];
    const runsOn = width(lines[i]) >= full * 0.85 && next !== undefined && !heading(next, 0) && !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(next);
    if (!runsOn) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

const han = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;

/** The article body of a saved government page, one line per paragraph or table row. */
export function htmlLines(html: string): string[] {
  const $ = cheerio.load(html);
  $('script,style,nav,header,footer,noscript').remove();
  let best: AnyNode | undefined;
  // Paragraphs first; a page that sets its article in bare <div>s is read by those.
  for (const blocks of ['p', 'div']) {
    let bestScore = 0;
    $('div,article,section,td,main,body').each((_, el) => {
      const score = $(el)
        .children(blocks)
        .map((__, c) => han($(c).text()))
        .get()
        .reduce((a: number, b: number) => a + b, 0);
      if (score > bestScore) [best, bestScore] = [el, score];
    });
    if (best) break;
  }
  const out: string[] = [];
  if (best)
    $(best)
      .children()
      .each((_, el) => blockLines($, el, out));
  return out;
}
