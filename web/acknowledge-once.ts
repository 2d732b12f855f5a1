// 签收 under a burst: fifty people pressing 签收 on one duty at once. The first request reads the duty and sends
// the one update; the others, arriving while it runs, send neither a query nor an update of their own and are
// answered from what it read and what its update left (409, naming who acknowledged first). Fifty reads and fifty
// updates queued on one workflow could outlast the request time limit on a loaded machine: 503 系统繁忙 for
// requests that could be answered.
import type { Client } from '@temporalio/client';
import { acknowledge, obligationView, type ObligationView } from '../client/operations';
import { AppError, NotFound } from '../client/errors';
import { MAX_NAME_CHARS } from '../domain/obligation/limits';
import type { ObligationState } from '../domain/obligation/state';
import { InFlight, type Shared } from './in-flight';

/** What the first request found: no such duty; or the duty, and the state its update left or the refusal it got (neither when its form could not be used and it sent nothing). */
export type AcknowledgeOutcome = { notFound: NotFound } | { view: ObligationView; state?: ObligationState; refusal?: AppError };

/** The acknowledging person as recorded (the name typed and the unit's name), or why the form cannot be used. */
export function acknowledgerOf(
  form: { by?: string } | undefined,
  invalidBody: string | undefined,
  view: ObligationView,
): { by: string } | { invalid: string } {
  if (invalidBody) return { invalid: invalidBody };
  const unitPart = `（${view.spec.unit}）`;
  const person = (form?.by ?? '').trim();
  const maxPerson = MAX_NAME_CHARS - unitPart.length;
  if (!person) return { invalid: '请填写签收人姓名' };
  if (person.length > maxPerson) return { invalid: `签收人姓名不能超过 ${maxPerson} 个字` };
  return { by: `${person}${unitPart}` };
}

export class AcknowledgeOnce {
  private readonly flight = new InFlight<AcknowledgeOutcome>();
  constructor(private readonly client: Client) {}

  /** `who(view)`: this request's acknowledger, undefined when its form cannot be used (then nothing is sent). */
  run(id: string, who: (view: ObligationView) => string | undefined): Shared<AcknowledgeOutcome> {
    return this.flight.run(id, async () => {
      let view: ObligationView;
      try {
        view = await obligationView(this.client, id);
      } catch (err) {
        if (err instanceof NotFound) return { notFound: err };
        throw err;
      }
      const by = who(view);
      if (by === undefined) return { view };
      try {
        return { view, state: await acknowledge(this.client, id, { by }) };
      } catch (err) {
        if (err instanceof AppError) return { view, refusal: err };
        throw err;
      }
    });
  }
}
