// The obligation's updates: a report submitted, reviewed; a deadline extended, a 延期申请 and its decision; a 签收; a
// cancellation. Each is checked by its validator before it is applied.
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ReportActivities } from '../../activities/reports/activities';
import * as life from '../../domain/obligation/lifecycle';
import * as ack from '../../domain/obligation/acknowledge';
import * as ext from '../../domain/obligation/extension';
import {
  acknowledgeObligation,
  applyForExtension,
  cancelObligation,
  decideExtension,
  extendDeadline,
  reviewReport,
  submitReport,
} from '../../domain/contract/messages';
import { REPORT_STORE } from '../retry-policies';
import { guard } from '../guard';
import type { ObligationRun } from './run';
import type { ObligationState } from '../../domain/obligation/state';

const { storeReport } = proxyActivities<ReportActivities>({ startToCloseTimeout: '1 minute', retry: REPORT_STORE });

/** Registered in this order, after the signals and queries: a buffered update is handled as its handler is set. */
export function handleUpdates(run: ObligationRun): void {
  const { spec, state, now, isPatched } = run;
  // Every refusal names the stage it was given in (the portal's 409 or 400 without a query of its own).
  const refusedIn = () => ({ stage: state.stage });
  setHandler(
    submitReport,
    async (req) => {
      // Short receipt numbers to read out on the phone (histories from before gave HZ-<obligation id>-<n>).
      const receipt = life.applySubmit(state, spec, req, now(), isPatched('short-receipts'));
      // Clients store the report first and send its reference. Older clients sent the text: it is stored
      // by the activity (or, in histories from before the report store, kept in the state).
      if (!req.report) {
        const sub = state.submissions.at(-1)!;
        if (isPatched('store-reports')) {
          life.attachReport(
            state,
            await storeReport({
              obligation: spec.id,
              receipt: receipt.receipt,
              text: req.text ?? '',
              figures: sub.figures,
              attachments: req.attachments ?? [],
            }),
          );
        } else sub.text = req.text;
      }
      return receipt;
    },
    { validator: (req) => guard(() => life.checkSubmit(state, spec, req), refusedIn) },
  );
  // Review, extension and cancellation: check, apply, answer the new state.
  const change = <R>(update: UpdateDefinition<ObligationState, [R]>, check: (r: R) => void, apply: (r: R) => void) =>
    setHandler(update, (r) => (apply(r), state), { validator: (r) => guard(() => check(r), refusedIn) });
  change(
    reviewReport,
    (r) => life.checkReview(state, r, now()),
    (r) => life.applyReview(state, r, now()),
  );
  change(
    extendDeadline,
    (r) => life.checkExtend(state, r, now()),
    (r) => life.applyExtend(state, r, now()),
  );
  change(
    cancelObligation,
    (r) => life.checkCancel(state, r),
    (r) => life.applyCancel(state, r, now()),
  );
  change(
    acknowledgeObligation,
    (r) => ack.checkAcknowledge(state, r),
    (r) => ack.applyAcknowledge(state, r, now()),
  );
  change(
    applyForExtension,
    (r) => ext.checkApplyForExtension(state, spec, r, now()),
    (r) => void ext.applyForExtension(state, r, now()),
  );
  change(
    decideExtension,
    (r) => ext.checkDecideExtension(state, r, now()),
    (r) => ext.decideExtension(state, r, now()),
  );
}
