// Writes an OfficialDocument as .docx in the layout of GB/T 9704-2012 with the `docx` package: A4, 天头 37 mm,
// 订口 28 mm, a 156 × 225 mm text block of 22 lines × 28 characters (the section's document grid), the
// 发文机关标志 and separator line in red, title 2号小标宋, body 3号仿宋_GB2312, headings 3号黑体 and 3号楷体_GB2312,
// page numbers 4号 "— 1 —" on the outer side of the foot, 抄送 and 印发 lines at the end. The fonts are named in
// the file; Word uses the office's own, LibreOffice substitutes what it has.
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { attachmentNote, Block, documentDate, OfficialDocument } from '../../domain/documents/model';

/** Millimetres in twentieths of a point (twips). */
const mm = (n: number) => Math.round((n * 1440) / 25.4);

/** The page (GB/T 9704-2012 §5.2): the values tests read back from the section's sectPr. */
export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  left: mm(28),
  right: mm(210 - 28 - 156),
  bottom: mm(297 - 37 - 225),
  /** 225 mm / 22 lines. */
  linePitch: Math.floor(mm(225) / 22),
  /** 156 mm / 28 characters, as the offset from the 16 pt body font in 1/4096 pt. */
  charSpace: Math.round(((mm(156) / 28 - 320) / 20) * 4096),
} as const;

export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  number: '宋体',
} as const;

const RED = 'FF0000';
/** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt. */
const SIZE = { 二号: 44, 三号: 32, 四号: 28, 小四: 24, 小初: 72 } as const;

/**
 * Every run is set 0.25 pt tighter: a 3号 character then takes exactly one cell of the 28-character grid (156 mm
 * / 28 = 15.75 pt). Word lays the grid out either way; LibreOffice gives a character wider than its cell two cells.
 */
export const CHARACTER_SPACING = -5;

const run = (text: string, font: string, size: number, extra: Partial<{ bold: boolean; color: string }> = {}) =>
  new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size, characterSpacing: CHARACTER_SPACING, ...extra });

const body = (
  text: string,
  o: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; font?: string; keepNext?: boolean } = {},
) =>
  new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    // A heading stays on the page of what follows it.
    keepNext: o.keepNext,
    indent: o.indent === false ? undefined : { firstLine: 640 },
    children: [run(text, o.font ?? FONTS.body, SIZE.三号)],
  });

const blank = () => new Paragraph({ children: [run('', FONTS.body, SIZE.三号)] });

function table(b: Extract<Block, { kind: 'table' }>): Table {
  const widths = b.widths ?? b.head.map(() => 1);
  const total = widths.reduce((a, x) => a + x, 0);
  const textWidth = mm(156);
  const cell = (text: string, head: boolean, i: number) =>
    new TableCell({
      width: { size: Math.round((textWidth * widths[i]) / total), type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({
          alignment: head || text.length <= 6 ? AlignmentType.CENTER : AlignmentType.LEFT,
          // Tables are set in 小四 at an exact 18 pt line (off the page's line grid) so a province's rows fit.
          spacing: { line: 360, lineRule: LineRuleType.EXACT },
          children: [run(text, head ? FONTS.heading1 : FONTS.body, SIZE.小四)],
        }),
      ],
    });
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    columnWidths: widths.map((w) => Math.round((textWidth * w) / total)),
    rows: [
      new TableRow({ tableHeader: true, children: b.head.map((h, i) => cell(h, true, i)) }),
      ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, false, i)) })),
    ],
  });
}

function blocks(bs: Block[]): (Paragraph | Table)[] {
  return bs.flatMap((b) => {
    switch (b.kind) {
      case 'paragraph':
        return [body(b.text)];
      case 'heading1':
        return [body(b.text, { font: FONTS.heading1, keepNext: true })];
      case 'heading2':
        return [body(b.text, { font: FONTS.heading2, keepNext: true })];
      case 'table':
        return [table(b), blank()];
    }
  });
}

/** A paragraph carrying a full-width rule above or below it (the red separator, the 版记's lines). */
const ruled = (children: TextRun[], o: { top?: string; bottom?: string; align?: (typeof AlignmentType)[keyof typeof AlignmentType] }) =>
  new Paragraph({
    alignment: o.align ?? AlignmentType.LEFT,
    border: {
      ...(o.top ? { top: { style: BorderStyle.SINGLE, size: o.top === RED ? 12 : 6, color: o.top, space: 1 } } : {}),
      ...(o.bottom ? { bottom: { style: BorderStyle.SINGLE, size: o.bottom === RED ? 12 : 6, color: o.bottom, space: 1 } } : {}),
    },
    children,
  });

const pageNumber = (align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
  new Footer({
    children: [
      new Paragraph({
        alignment: align,
        indent: align === AlignmentType.RIGHT ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: { eastAsia: FONTS.number, ascii: FONTS.number, hAnsi: FONTS.number },
            size: SIZE.四号,
          }),
        ],
      }),
    ],
  });

/** The document as a .docx file's bytes, with its 发文字号. */
export async function writeDocx(doc: OfficialDocument, number: string): Promise<Buffer> {
  const s = doc.settings;
  const header: Paragraph[] = [
    // 发文机关标志: red 小标宋, centred, below the 天头.
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 0, line: 1200, lineRule: LineRuleType.EXACT },
      children: [run(s.mark, FONTS.title, s.mark.length > 9 ? SIZE.二号 * 1.5 : SIZE.小初, { color: RED })],
    }),
    blank(),
    // 发文字号 centred, with the red separator line under it.
    ruled([run(number, FONTS.body, SIZE.三号)], { bottom: RED, align: AlignmentType.CENTER }),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT },
      children: [run(doc.title, FONTS.title, SIZE.二号)],
    }),
    blank(),
    body(doc.addressee, { indent: false }),
  ];
  const note = attachmentNote(doc.attachments);
  const closing: Paragraph[] = [
    ...(note.length ? [blank(), ...note.map((l) => body(l))] : []),
    blank(),
    blank(),
    // 署名 and 成文日期 (Arabic numerals), right-aligned with four characters' space on the right.
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run(s.issuer, FONTS.body, SIZE.三号)] }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: 640 },
      children: [run(documentDate(doc.date), FONTS.body, SIZE.三号)],
    }),
  ];
  const attachments = doc.attachments.flatMap((a, i) => [
    new Paragraph({
      pageBreakBefore: true,
      children: [run(doc.attachments.length > 1 ? `附件${i + 1}` : '附件', FONTS.heading1, SIZE.三号)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(a.title, FONTS.title, SIZE.二号)] }),
    blank(),
    ...blocks(a.blocks),
  ]);
  // 版记: 抄送 and 印发 between thin rules, at the end.
  const printed = new Paragraph({
    border: {
      top: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 },
      bottom: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 },
    },
    tabStops: [{ type: 'right', position: mm(156) - mm(2) }],
    indent: { left: 280, right: 280 },
    children: [run(`${s.printedBy}\t${documentDate(doc.date)}印发`, FONTS.body, SIZE.四号)],
  });
  const record: Paragraph[] = [
    blank(),
    ...(s.cc.length ? [ruled([run(`抄送：${s.cc.join('，')}。`, FONTS.body, SIZE.四号)], { top: '000000' })] : []),
    printed,
  ];
  const file = new Document({
    creator: s.issuer,
    title: doc.title,
    description: number,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: { eastAsia: FONTS.body, ascii: FONTS.body, hAnsi: FONTS.body }, size: SIZE.三号 },
        },
      },
      // The grid's cell is measured from the Normal style's size (LibreOffice reads it there, not from the defaults).
      paragraphStyles: [
        { id: 'Normal', name: 'Normal', run: { font: { eastAsia: FONTS.body, ascii: FONTS.body, hAnsi: FONTS.body }, size: SIZE.三号 } },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: mm(20) },
          },
          grid: { type: DocumentGridType.LINES, linePitch: PAGE.linePitch, charSpace: PAGE.charSpace },
        },
        // Page numbers on the outer side: right on odd pages, left on even.
        footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
        children: [...header, ...blocks(doc.body), ...closing, ...attachments, ...record],
      },
    ],
  });
  return Packer.toBuffer(file);
}
