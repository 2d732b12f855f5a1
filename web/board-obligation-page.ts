// One obligation's page on the board: its record and timeline, each submission's stored report, and beside each
// notice whether the worker's outbox still holds it. Shown when opened, and again after a refused action with the
// reason and what the supervisor typed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deliveryLabel, noticeKeysOfTimeline } from '../domain/notices/delivery-state';
import type { Stage } from '../domain/obligation/state';
import type { BoardUser } from '../config/board-users';
import { obligationView } from '../client/operations';
import { NotFound } from '../client/errors';
import { storedReportText } from '../client/stored-reports';
import { page, refusal } from './render';
import type { WebContext } from './context';

export type Form = Record<string, string | undefined>;
export type BoardRequest = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined>; Body: Form }>;

/** The page of the obligation `req.params.id`; after a refusal, its status depends on the stage the obligation is in now. */
export function boardObligationPage(ctx: WebContext) {
  /** Beside each notice of the timeline: 待发送 / 重试中 while the worker's outbox still holds it (no label if unknown). */
  const queuedLabels = async (id: string, timeline: { kind: string; note?: string }[], sent: string[]) => {
    const lookup = ctx.queuedNotice;
    if (!lookup) return [];
    return Promise.all(
      noticeKeysOfTimeline(timeline, sent).map((key) =>
        key
          ? lookup(`${id}/${key}`).then(deliveryLabel, () => undefined) // the store away: the page still shows
          : undefined,
      ),
    );
  };

  return async (
    req: BoardRequest,
    reply: FastifyReply,
    user: BoardUser,
    extra: { error?: string; status?: (stage: Stage) => number } = {},
  ) => {
    try {
      const view = await obligationView(ctx.client, req.params.id);
      const reports = await Promise.all(
        view.state.submissions.map((s) => (s.report ? storedReportText(ctx.reports, s.report) : undefined)),
      );
      const deliveries = await queuedLabels(req.params.id, view.state.timeline, view.state.sent);
      const values = typeof req.body === 'object' && req.body ? req.body : {};
      return page(
        reply,
        'obligation',
        { user, view, unitCode: view.spec.unitCode, reports, deliveries, msg: req.query.msg, error: extra.error, values },
        extra.status?.(view.state.stage) ?? 200,
      );
    } catch (err) {
      if (err instanceof NotFound) return refusal(reply, err.httpStatus, '未找到报送事项', err.message);
      throw err;
    }
  };
}
