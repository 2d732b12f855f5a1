// Runs an obligation's pure lifecycle through time as its workflow does (wake up, mark the step, build the
// notice), with a plain clock instead of Temporal: for fast tests of the rules themselves.
import * as life from '../../domain/obligation/lifecycle';
import { markAcknowledgeReminderSent } from '../../domain/obligation/acknowledge';
import { acknowledgeNotice, buildNotice, Notice } from '../../domain/obligation/notice';
import type { ObligationSpec } from '../../domain/obligation/spec';
import type { ObligationState } from '../../domain/obligation/state';

export const at = (iso: string) => Date.parse(iso);

export class PureObligation {
  readonly notices: Notice[] = [];
  readonly state: ObligationState;
  now: number;

  constructor(
    readonly spec: ObligationSpec,
    startIso: string,
    /** Whether 签收提醒 are sent (as by a workflow started with the 签收 rule). */
    readonly acknowledging = false,
  ) {
    this.now = at(startIso);
    this.state = life.initialState(spec, this.now);
  }

  /** Fires every wake-up due up to `iso`, in order, then sets the clock there. */
  until(iso: string): this {
    const end = at(iso);
    for (let next = this.next(); next && next.atMs <= end; next = this.next()) {
      this.now = Math.max(this.now, next.atMs);
      if (next.kind === 'due') {
        if (this.state.stage === 'open' || this.state.stage === 'returned') life.markOverdue(this.state, next.atMs);
      } else if (next.kind === 'yellow') {
        life.touch(this.state, this.now);
      } else if (next.kind === 'acknowledge') {
        const notice = acknowledgeNotice(this.spec, this.state, next, `${this.spec.id}/${next.key}`);
        this.notices.push(notice);
        markAcknowledgeReminderSent(
          this.state,
          next,
          notice.to.map((a) => a.name),
          next.atMs,
        );
      } else if (next.step.step === 'reminder' && this.state.stage === 'overdue') {
        life.markStepSent(this.state, next, [], next.atMs);
      } else {
        const notice = buildNotice(this.spec, this.state, next.step, `${this.spec.id}/${next.key}`);
        this.notices.push(notice);
        life.markStepSent(
          this.state,
          next,
          notice.to.map((a) => a.name),
          next.atMs,
        );
      }
    }
    this.now = end;
    life.touch(this.state, this.now);
    return this;
  }

  next(): life.Wakeup | undefined {
    return life.nextWakeup(this.state, this.spec, this.now, { catchUp: true, officeHours: true, acknowledge: this.acknowledging });
  }

  /** The timeline as kind@instant. */
  timeline(): string[] {
    return this.state.timeline.map((e) => `${e.kind}@${e.at}`);
  }
}
