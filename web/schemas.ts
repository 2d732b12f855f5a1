// Every body and query the portal and board accept, as zod schemas with Chinese messages: a request of the
// wrong shape (a number for a name, an object for a reason, a field too long) is answered 400 with the
// reason, before any handler runs. Limits are the ones the workflow's validators apply.
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { MAX_NAME_CHARS, MAX_REASON_CHARS, MAX_REPORT_CHARS, MAX_USERNAME_CHARS } from '../domain/obligation/limits';

/** Fastify validates with these zod schemas; the first problem becomes the Chinese message. */
export const zodValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const r = schema.safeParse(data ?? {});
    if (r.success) return { value: r.data };
    return { error: Object.assign(new Error(r.error.issues[0]?.message ?? '请求格式有误'), { statusCode: 400 }) };
  };

/** A text field: a string of at most `max` characters (arrays, numbers and objects are refused). */
export const field = (label: string, max: number) => z.string({ error: `${label}应为文字` }).max(max, `${label}不能超过 ${max} 个字`);
const optional = (label: string, max: number) => field(label, max).optional();
const date = (label: string) => field(label, 40);
const form = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, { error: '请求格式有误，应为表单' });

export const loginBody = form({
  username: field('用户名', MAX_USERNAME_CHARS),
  password: field('密码', 1024),
  next: optional('跳转地址', 2048),
});
export const emptyBody = form({});
export const returnBody = form({ reason: field('退回理由', MAX_REASON_CHARS), newDue: date('新的截止日期') });
export const extendBody = form({ newDue: date('新的截止日期'), reason: field('延期理由', MAX_REASON_CHARS) });
/** 延期申请 on the board: approve (another date optional) or refuse (a reason required). */
export const approveExtensionBody = form({ due: z.optional(date('批准延至的日期')) });
export const refuseExtensionBody = form({ reason: field('不予批准的理由', MAX_REASON_CHARS) });
export const lookBackBody = form({
  plan: optional('方案', 200),
  due: date('回头看截止日期'),
  units: z.enum(['late', 'all', 'named'], { error: '单位范围应为 逾期或退回过的单位、全部单位 或 指定单位' }).optional(),
  names: optional('指定单位', 2000),
});
export const revokeLinksBody = form({ unit: field('单位', 100) });
/** 签收 on the portal: the person's name (the unit's name is appended, within the recorded limit). */
export const acknowledgeBody = form({ by: field('签收人姓名', MAX_NAME_CHARS) });

export const boardQuery = form({ plan: optional('方案', 200), msg: optional('提示', 2000), error: optional('提示', 2000) });
export const loginQuery = form({ next: optional('跳转地址', 2048) });
export const portalQuery = form({ t: optional('链接', 4096) });

/** Bytes a text field of the report form may take (the report's characters, up to 4 bytes each in UTF-8). */
export const MAX_FIELD_BYTES = MAX_REPORT_CHARS * 4;
