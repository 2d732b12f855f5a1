// Reading a generated .docx back (its parts, unzipped) and rendering it with LibreOffice to PDF, measured with
// poppler's pdfinfo and pdftotext: what a person opening the file would see. Nothing is skipped: without
// LibreOffice or poppler the test fails and says what to install.
import { execFileSync, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const run = promisify(execFile);

function need(tool: string, debianPackage: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${tool} is missing: install Debian's ${debianPackage} (apt-get install -y ${debianPackage}) to render documents in tests`,
    );
  }
}

/** The text of one part of a .docx (e.g. word/document.xml). */
export async function docxPart(docx: Buffer, part: string): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const file = zip.file(part);
  if (!file) throw new Error(`no ${part} in the document`);
  return file.async('string');
}

/** The visible text of word/document.xml: each paragraph's runs joined, paragraphs on lines. */
export async function docxText(docx: Buffer): Promise<string> {
  const xml = await docxPart(docx, 'word/document.xml');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean)
    .join('\n');
}

/** The tables of word/document.xml as rows of cell texts. */
export async function docxTables(docx: Buffer): Promise<string[][][]> {
  const xml = await docxPart(docx, 'word/document.xml');
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1].matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...r[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
        [...c[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
      ),
    ),
  );
}

/** An attribute of the first element of that name in the XML, e.g. attr(xml, 'w:pgMar', 'w:top'). */
export function attr(xml: string, element: string, name: string): string | undefined {
  const el = new RegExp(`<${element}\\b[^>]*>`).exec(xml)?.[0];
  return el ? new RegExp(`\\b${name}="([^"]*)"`).exec(el)?.[1] : undefined;
}

export interface RenderedPage {
  width: number;
  height: number;
  words: { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[];
}

export interface Rendered {
  pdf: Buffer;
  pages: RenderedPage[];
}

/** Renders .docx files with LibreOffice (headless, its own profile) and reads each PDF's pages and words. */
export async function renderWithLibreOffice(files: Record<string, Buffer>): Promise<Record<string, Rendered>> {
  const soffice = need('soffice', 'libreoffice-writer');
  need('pdftotext', 'poppler-utils');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-docs-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-lo-profile-'));
  try {
    const inputs = Object.entries(files).map(([name, content]) => {
      const f = path.join(dir, `${name}.docx`);
      fs.writeFileSync(f, content);
      return f;
    });
    await run(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...inputs], {
      timeout: 180_000,
    });
    const out: Record<string, Rendered> = {};
    for (const name of Object.keys(files)) {
      const pdf = path.join(dir, `${name}.pdf`);
      if (!fs.existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF for ${name}`);
      const { stdout } = await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
      const pages = stdout
        .split('<page ')
        .slice(1)
        .map((p) => ({
          width: Number(/width="([\d.]+)"/.exec(p)![1]),
          height: Number(/height="([\d.]+)"/.exec(p)![1]),
          words: [...p.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((m) => ({
            xMin: Number(m[1]),
            yMin: Number(m[2]),
            xMax: Number(m[3]),
            yMax: Number(m[4]),
            text: m[5],
          })),
        }));
      out[name] = { pdf: fs.readFileSync(pdf), pages };
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The PDF's first page as `<file>.png` (pdftoppm, 60 dpi): a picture of the document for the docs. */
export async function firstPagePng(pdf: Buffer, file: string): Promise<void> {
  need('pdftoppm', 'poppler-utils');
  const tmp = `${file}.pdf`;
  fs.writeFileSync(tmp, pdf);
  try {
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', tmp, file]);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
