// Who may open a unit's portal pages: the holder of a valid signed link for that unit (from its notices:
// scoped to the unit, expiring, revocable). A refusal is a 403 page that says why.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkUnitLink } from '../client/unit-links';
import { unitCodeOfId } from '../domain/obligation/ids';
import { refusal } from './render';
import type { WebContext } from './context';

export type UnitRequest = FastifyRequest<{ Params: { unit: string; id?: string }; Querystring: { t?: string } }>;

const LINK_REFUSALS = {
  malformed: '链接不完整或格式有误，请从通知邮件中重新打开链接。',
  tampered: '链接校验未通过（可能被改动），请从通知邮件中重新打开链接。',
  expired: '链接已过期，请使用最新一次通知中的链接，或联系督查部门。',
  revoked: '此链接已被督查部门作废，请使用最新一次通知中的链接，或联系督查部门。',
  otherUnit: '此链接不属于该单位，不能查看或报送其他单位的事项。',
};

/** The unit a request's link opens, or undefined with a 403 page already sent. */
export function unitAccess(ctx: WebContext) {
  return async (
    req: UnitRequest,
    reply: FastifyReply,
    ids: string[] = req.params.id ? [req.params.id] : [],
  ): Promise<string | undefined> => {
    const check = await checkUnitLink(req.query.t ?? '', ctx.linkSecret, ctx.now(), ctx.linkVersions);
    if (!check.ok) return void refusal(reply, 403, '无法打开报送页面', LINK_REFUSALS[check.reason]);
    if (check.claims.unit !== req.params.unit || ids.some((id) => unitCodeOfId(id) !== check.claims.unit)) {
      return void refusal(reply, 403, '无法打开报送页面', LINK_REFUSALS.otherUnit);
    }
    return check.claims.unit;
  };
}
