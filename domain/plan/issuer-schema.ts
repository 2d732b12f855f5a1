// The issuer of the office's 公文 (GB/T 9704-2012): its name, the 发文机关标志, the abbreviation and pattern of
// its 发文字号, and the 抄送 and 印发 lines. A plan may set them under `documents:`; when absent they are derived
// from the plan's `issuer`, so every plan has them.
import { z } from 'zod';

/** schema.ts's separator of a bilingual message (not imported: schema.ts imports this file). */
const BILINGUAL_SEPARATOR = '\u241e';

const bilingual = (zh: string, en: string) => ({ message: `${zh}${BILINGUAL_SEPARATOR}${en}` });
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, bilingual('不能为空', 'must not be empty'))
    .max(max, bilingual(`不能超过 ${max} 个字`, `must be at most ${max} characters`));

/** The placeholders a numbering pattern may use: {abbr} the abbreviation, {year}, {n} the number. */
const NUMBERING_PARTS = /\{(abbr|year|n)\}/g;

export const documentsSchema = z
  .object({
    /** 发文机关全称, e.g. 江门市司法局: the 署名 and the 印发 line's default. */
    issuer: text(40).optional(),
    /** 发文机关标志 as printed in red at the top, e.g. 江门市司法局文件 (default: the issuer's name and 文件). */
    mark: text(24).optional(),
    /** 机关代字 in the 发文字号, e.g. 江司督. */
    abbreviation: z
      .string()
      .regex(/^[\u4e00-\u9fff]{1,8}$/, bilingual('机关代字应为 1 到 8 个汉字', 'abbreviation must be 1 to 8 Chinese characters'))
      .optional(),
    /** 发文字号 pattern: {abbr}〔{year}〕{n}号 by default. */
    numbering: z
      .string()
      .max(40, bilingual('不能超过 40 个字', 'must be at most 40 characters'))
      .refine(
        (p) => p.includes('{year}') && p.includes('{n}'),
        bilingual('发文字号格式须含 {year} 和 {n}', 'numbering must contain {year} and {n}'),
      )
      .refine(
        (p) => p.replace(NUMBERING_PARTS, '').indexOf('{') < 0,
        bilingual('发文字号格式只能用 {abbr}、{year}、{n}', 'numbering may only use {abbr}, {year} and {n}'),
      )
      .refine((p) => !/[\[\]［］()（）【】]\s*\{year\}/.test(p), bilingual('年份应使用六角括号〔〕', 'the year goes in 〔〕 brackets'))
      .optional(),
    /** 抄送机关 of every document. */
    cc: z.array(text(40)).max(20, bilingual('抄送机关不能超过 20 个', 'at most 20 copied bodies')).default([]),
    /** 印发机关 (default: the issuer's office, e.g. 江门市司法局办公室). */
    printedBy: text(40).optional(),
  })
  .strict();

export type DocumentsFile = z.infer<typeof documentsSchema>;

/** Every setting filled in: what the document builder uses. */
export interface DocumentSettings {
  issuer: string;
  mark: string;
  abbreviation: string;
  numbering: string;
  cc: string[];
  printedBy: string;
}

export const DEFAULT_NUMBERING = '{abbr}〔{year}〕{n}号';

/**
 * 机关代字 derived from the issuer's name: the place's first character, the office's first character and 督
 * (江门市司法局 → 江司督); the name's first two characters and 督 when it does not read as place + office.
 */
export function abbreviationOf(issuer: string): string {
  const m = /^(.)[^市县区省州盟旗]*[市县区省州盟旗](.)/.exec(issuer);
  const letters = m ? `${m[1]}${m[2]}` : issuer.replace(/[^\u4e00-\u9fff]/g, '').slice(0, 2) || '公';
  return `${letters}督`;
}

/** The settings of a plan: its `documents:` section over what its `issuer` gives. */
export function documentSettings(plan: { issuer: string; documents?: DocumentsFile }): DocumentSettings {
  const d = plan.documents;
  const issuer = d?.issuer ?? plan.issuer;
  return {
    issuer,
    mark: d?.mark ?? `${issuer}文件`,
    abbreviation: d?.abbreviation ?? abbreviationOf(issuer),
    numbering: d?.numbering ?? DEFAULT_NUMBERING,
    cc: d?.cc ?? [],
    printedBy: d?.printedBy ?? `${issuer}办公室`,
  };
}

/** The settings as read from a plan object that may not know `documents` yet (validated here). */
export function documentSettingsOfPlan(plan: { issuer: string } & Record<string, unknown>): DocumentSettings {
  const parsed = plan.documents === undefined ? undefined : documentsSchema.parse(plan.documents);
  return documentSettings({ issuer: plan.issuer, documents: parsed });
}

/** 发文字号: the pattern with the abbreviation, the year and the number, e.g. 江司督〔2026〕12号. */
export function documentNumber(s: Pick<DocumentSettings, 'abbreviation' | 'numbering'>, year: number, n: number): string {
  return s.numbering.replaceAll('{abbr}', s.abbreviation).replaceAll('{year}', String(year)).replaceAll('{n}', String(n));
}

/** The numbering series a number belongs to: one per issuer (abbreviation) and year. */
export const numberingSeries = (s: Pick<DocumentSettings, 'abbreviation'>, year: number): string => `${s.abbreviation}/${year}`;
