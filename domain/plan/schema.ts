// The shape of plan and directory files (plans/*.yaml), validated with zod. Cross-references
// (unknown units, cycles, dates outside the year) are checked afterwards in checks.ts.
import { z } from 'zod';
import { DateTime } from 'luxon';
import { DEFAULT_LADDER, ESCALATION_STEPS } from '../calendar/ladder';
import { recurrenceSchema } from './recurrence';
import { documentsSchema } from './issuer-schema';

/** A custom message in both languages; the loader splits it and shows `zh (en)`. */
export const BILINGUAL_SEPARATOR = '\u241e';
const bilingual = (zh: string, en: string) => ({ message: `${zh}${BILINGUAL_SEPARATOR}${en}` });

const text = z.string().trim().min(1, bilingual('不能为空', 'must not be empty'));
const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1, bilingual('至少需要一项', 'must have at least one item'));
const name = z.string().trim().min(1, bilingual('不能为空', 'must not be empty'));
const code = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, bilingual('只能用小写字母、数字和 -，以字母开头', 'lowercase letters, digits and -, starting with a letter'));
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { ...bilingual('日期格式应为 YYYY-MM-DD', 'date must be YYYY-MM-DD'), abort: true })
  .refine((d) => DateTime.fromISO(d).isValid, bilingual('不是有效的日期', 'not a valid calendar date'));

const vague = z.object({ wording: text, default: text }).strict();

/**
 * A report-back duty: who delivers what to whom by when. `due` is a date, or a rule (every month, quarter or
 * half-year) that expands into one dated duty per period (recurrence.ts).
 */
export const dutySchema = z
  .object({
    id: code,
    what: text,
    /** Units or groups that deliver; "task" means every unit of the task (the supervisor included). */
    from: z.union([z.literal('task'), nonEmpty(name)]).default('task'),
    /** Unit names, recipient names, or 本级政府 / 上级政府 / 同级司法行政部门 resolved per unit. */
    to: z.array(name),
    cc: z.array(name).default([]),
    due: z.union([isoDate, recurrenceSchema]),
    /** Set when the deadline is meant to fall outside the plan's year. */
    crossesYear: z.boolean().default(false),
    compiledBy: name.optional(),
    compiledTo: z.array(name).optional(),
    quote: text.optional(),
    vague: vague.optional(),
  })
  .strict();

export const targetSchema = z
  .object({
    id: code,
    label: text,
    value: z.number().nonnegative(),
    unit: text,
    comparator: z.enum(['at-least', 'at-most', 'exactly']).default('at-least'),
    /** Id of the duty whose report must carry this figure. */
    reportIn: code.default('annual'),
    quote: text.optional(),
  })
  .strict();

export const taskSchema = z
  .object({
    no: z.number().int().positive(),
    group: name,
    title: text,
    text: text,
    /** The 【】 bracket of the notice, verbatim. */
    assignment: text.optional(),
    responsible: nonEmpty(name),
    responsibleWording: text.optional(),
    implementing: z.array(name).default([]),
    vague: z.array(vague).default([]),
    duties: z.array(dutySchema).default([]),
    targets: z.array(targetSchema).default([]),
  })
  .strict();

export const ladderSchema = z
  .object({
    remindBefore: z.array(z.number().int().positive()),
    escalateAfter: z.array(z.object({ step: z.enum(ESCALATION_STEPS), workingDays: z.number().int().positive() }).strict()),
    sendAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, bilingual('时间格式应为 HH:mm', 'time must be HH:mm')),
    /** 签收提醒 on this working day after the obligation opens (0: none). */
    acknowledgeWithin: z
      .number(bilingual('应为 0 到 20 之间的整数（工作日）', 'must be a whole number of working days from 0 to 20'))
      .int(bilingual('应为整数（工作日）', 'must be a whole number of working days'))
      .min(0, bilingual('不能为负数', 'must not be negative'))
      .max(20, bilingual('不能超过 20 个工作日', 'must be at most 20 working days'))
      .default(DEFAULT_LADDER.acknowledgeWithin),
    /** 延期申请: at most maxApplications per obligation (0: none), each at most maxDays after the deadline. */
    extensions: z
      .object({
        maxApplications: z
          .number(bilingual('应为 0 到 10 之间的整数', 'must be a whole number from 0 to 10'))
          .int(bilingual('应为整数', 'must be a whole number'))
          .min(0, bilingual('不能为负数', 'must not be negative'))
          .max(10, bilingual('不能超过 10 次', 'must be at most 10')),
        maxDays: z
          .number(bilingual('应为 1 到 366 之间的整数（天）', 'must be a whole number of days from 1 to 366'))
          .int(bilingual('应为整数（天）', 'must be a whole number of days'))
          .min(1, bilingual('至少 1 天', 'must be at least 1 day'))
          .max(366, bilingual('不能超过 366 天', 'must be at most 366 days')),
      })
      .strict()
      .default(DEFAULT_LADDER.extensions),
  })
  .strict();

/** Points per rule (see domain/scoring/rules.ts): every field optional, the defaults fill in the rest. */
const points = z
  .number()
  .min(0, bilingual('分值不能为负数（扣分也写正数）', 'points must not be negative (deductions are written as positive numbers)'))
  .max(100, bilingual('分值不能超过 100', 'points must be at most 100'));
export const scoringSchema = z
  .object({
    onTime: points.optional(),
    latePerWorkingDay: points.optional(),
    lateCap: points.optional(),
    escalation: z.object({ 催办: points.optional(), 督办: points.optional(), 通报: points.optional() }).strict().optional(),
    returned: points.optional(),
    finding: points.optional(),
  })
  .strict();

export const planSchema = z
  .object({
    id: code,
    year: z.number().int().min(2000).max(2100),
    title: text,
    issuer: name,
    issued: isoDate,
    approvedBy: name.optional(),
    addressees: text.optional(),
    cover: text.optional(),
    source: text.optional(),
    /** Directory file, relative to the plan file (default: directory.yaml beside it). */
    directory: text.optional(),
    preamble: text.optional(),
    supervisor: name,
    goal: z.object({ text, due: isoDate }).strict().optional(),
    yearEnd: dutySchema.omit({ from: true }).extend({ due: isoDate }),
    ladder: ladderSchema.default(DEFAULT_LADDER),
    /** Scoring rules of the annual assessment (考核); defaults when absent. */
    scoring: scoringSchema.optional(),
    /** The issuer of its 公文 (发文机关标志, 发文字号, 抄送, 印发); derived from `issuer` when absent. */
    documents: documentsSchema.optional(),
    groups: nonEmpty(z.object({ id: name, title: text }).strict()),
    tasks: nonEmpty(taskSchema),
    organisation: z.array(z.object({ id: name, title: text, text }).strict()).default([]),
  })
  .strict();

const person = z
  .object({
    name,
    email: z.email(bilingual('不是有效的电子邮箱地址', 'not a valid e-mail address')),
    /** Optional: a person without one gets no SMS. */
    mobile: z
      .string()
      .regex(/^1[3-9]\d{9}$/, bilingual('手机号应为 11 位数字，以 1 开头', 'mobile must be 11 digits starting with 1'))
      .optional(),
    /** Optional: the person's 政务微信 / 企业微信 user id (成员账号); a person without one gets no WeCom message. */
    wecom: z
      .string()
      .regex(
        /^[A-Za-z0-9_.@-]{1,64}$/,
        bilingual('企业微信账号应为 1 到 64 位字母、数字或 _-.@', 'WeCom user id must be 1 to 64 letters, digits or _-.@'),
      )
      .optional(),
  })
  .strict();

export const unitSchema = z
  .object({
    name,
    fullName: text.optional(),
    aliases: z.array(name).default([]),
    code,
    kind: z.enum(['bureau', 'department', 'county']),
    sample: z.boolean().default(false),
    contact: person,
    leader: person,
    supervisor: person.optional(),
    /** Next body up the escalation chain; null at the top. Defaults to directory defaults.escalatesTo. */
    escalatesTo: name.nullable().optional(),
    government: name.optional(),
    parentGovernment: name.optional(),
    judicialBureau: name.optional(),
  })
  .strict();

export const directorySchema = z
  .object({
    defaults: z.object({ government: name, parentGovernment: name, judicialBureau: name, escalatesTo: name }).strict(),
    units: nonEmpty(unitSchema),
    recipients: z.array(z.object({ name, fullName: text.optional(), code, email: person.shape.email }).strict()).default([]),
    groups: z.array(z.object({ name, aliases: z.array(name).default([]), members: z.array(name) }).strict()).default([]),
  })
  .strict();

export type PlanFile = z.infer<typeof planSchema>;
export type TaskSpec = z.infer<typeof taskSchema>;
export type DutySpec = z.infer<typeof dutySchema>;
export type TargetSpec = z.infer<typeof targetSchema>;
export type DirectoryFile = z.infer<typeof directorySchema>;
export type UnitSpec = z.infer<typeof unitSchema>;
