// The board's 公文: a page listing every document of the plan where its step shows (the year's summary and
// ranking, each round's 汇总 / 通报 / 回头看通知, each overdue obligation's 督办通知书, each 整改通知), and the
// download of one, numbered in the store like the CLI's (the same number when asked again). Supervisors only.
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { boardLogin, boardPlanRequest, plansToOpen } from './board-session';
import { sameSiteOnly } from './cross-site';
import { page, refusal } from './render';
import { boardQuery, field } from './schemas';
import type { WebContext } from './context';
import { AppError } from '../client/errors';
import { belongsToPlans } from '../client/plan-offices';
import { contentDisposition, documentIssuer, DOCUMENT_KINDS, issueDocument, processDocumentStores } from '../client/documents';
import { planOffers } from '../domain/documents/offers';
import type { DocumentKind } from '../domain/documents/model';

const kinds = Object.keys(DOCUMENT_KINDS) as [DocumentKind, ...DocumentKind[]];
const documentParams = z.object(
  {
    kind: z.enum(kinds, { error: '文书种类有误' }),
    id: field('编号', 200).regex(/^[a-z0-9][a-z0-9.-]*$/, '编号有误'),
  },
  { error: '请求格式有误' },
);

type Req = FastifyRequest<{ Params: { kind: DocumentKind; id: string }; Querystring: { plan?: string } }>;

export function boardDocumentRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));
  const login = boardLogin(ctx);
  const planRequest = boardPlanRequest(ctx);

  app.get('/board/documents', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const asked = await planRequest(req, reply, '公文');
    if (!asked) return reply;
    const { user, plan } = asked;
    const offers = planOffers(plan, await ctx.ledger(plan), ctx.now());
    return page(reply, 'documents', { user, plan, offers });
  });

  app.get('/board/documents/:kind/:id', { schema: { params: documentParams } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const { kind, id } = req.params;
    const plans = await plansToOpen(ctx, user, [id]);
    if (!belongsToPlans(id, plans)) return refusal(reply, 404, `无法生成${DOCUMENT_KINDS[kind]}`, `${id} 不属于您可查看的方案。`);
    try {
      const doc = await issueDocument(ctx.client, documentIssuer(ctx.client, processDocumentStores), kind, id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition(`${kind}-${id}.docx`, doc.fileName))
        .header('x-duban-document-number', encodeURIComponent(doc.number))
        .send(doc.content);
    } catch (err) {
      if (err instanceof AppError) return refusal(reply, err.httpStatus, `无法生成${DOCUMENT_KINDS[kind]}`, err.message);
      throw err;
    }
  });
}
