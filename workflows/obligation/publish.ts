// Publishing an obligation's changes: its search attributes, its details for the Web UI, and its row to the round
// and plan that follow it (its snapshot, told only when what they keep of it changed).
import {
  condition,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { FollowerActivities } from '../../activities/followers';
import { followedKey, openingSnapshot, snapshotOf } from '../../domain/obligation/snapshot';
import { isoAt, parseInstant } from '../../domain/calendar/time';
import { SA } from '../../domain/search-attributes';
import { obligationDetails } from '../../domain/obligation/summaries';
import { obligationChanged } from '../../domain/contract/messages';
import { changedSince, changeFilter } from '../changes';
import { TELL } from '../retry-policies';
import type { ObligationRun, OpeningFlags } from './run';

// The round is told of a change by the worker's client, inside the obligation's workflow task.
const { tellFollowers } = proxyLocalActivities<FollowerActivities>({ startToCloseTimeout: '1 minute', retry: TELL });

export interface Publisher {
  /** Search attributes, UI details and the round/plan are brought up to date after every change. */
  publish(): Promise<void>;
  /** Publishes every change made while `work` runs; resolves with its result. */
  publishing<T>(work: Promise<T>): Promise<T>;
  /** Signals sent in passing; awaited before the workflow closes or continues as new. */
  inFlight(): Promise<unknown>;
}

/** Call after the handlers are set: a new run's opening asks its patches here, after any buffered message's. */
export function openPublisher(run: ObligationRun, flags: Pick<OpeningFlags, 'inPassing' | 'upsertOnChange'>): Publisher {
  const { spec, state, now, isPatched } = run;
  const newVersion = changeFilter<number>();
  const newSnapshot = changeFilter<string>();
  const newAttributes = changeFilter<string>();
  let inFlight: Promise<unknown> = Promise.resolve();

  // The round opened this obligation's row before starting it: an unchanged opening row is not told again, which
  // spares a signal and a workflow task on both sides per obligation (histories from before told it).
  if (!run.carried && isPatched('round-knows-opening')) newSnapshot(followedKey(openingSnapshot(spec, isoAt(now()))));

  const stateAttributes = () => [
    { key: SA.stage, value: state.stage },
    { key: SA.light, value: state.light },
    { key: SA.level, value: state.level },
    { key: SA.due, value: new Date(parseInstant(state.due, 'due').toMillis()) },
  ];
  const attributesKey = () => [state.stage, state.light, state.level, state.due].join('|');
  if (!run.carried) {
    const place = [
      { key: SA.kind, value: spec.followUpOf ? 'lookback' : 'obligation' },
      { key: SA.plan, value: spec.plan },
      { key: SA.task, value: spec.task },
      { key: SA.unit, value: spec.unit },
    ];
    // Place and state in one upsert (histories from before upserted the state apart, when publishing).
    if (isPatched('one-upsert-at-start')) {
      upsertSearchAttributes([...place, ...stateAttributes()]);
      newAttributes(attributesKey());
    } else upsertSearchAttributes(place);
  }

  const publish = async () => {
    if (!newVersion(state.version)) return;
    if (newAttributes(attributesKey()) || !flags.upsertOnChange) upsertSearchAttributes(stateAttributes());
    setCurrentDetails(obligationDetails(spec, state));
    const snapshot = snapshotOf(spec, state, isoAt(now()));
    if (!newSnapshot(followedKey(snapshot))) return;
    // One marker in this history, where a signal sent from here costs five events and a workflow task (histories
    // from before signalled; a worker without a client still does).
    if (isPatched('tell-followers-locally')) {
      const told = await tellFollowers({ ids: spec.notify, snapshot: { ...snapshot, version: state.version } });
      if (told === 'told') return;
    }
    for (const id of spec.notify) {
      // The round or plan may be gone (e.g. started on its own): a lost notification must not fail the obligation.
      // In passing, the change carries its version: the round keeps the newest whatever order they land in.
      const sent = getExternalWorkflowHandle(id)
        .signal(obligationChanged, flags.inPassing ? { ...snapshot, version: state.version } : snapshot)
        .catch(() => undefined);
      if (flags.inPassing) inFlight = Promise.all([inFlight, sent]);
      else await sent;
    }
  };

  const publishing = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    const result = work.finally(() => (done = true));
    result.catch(() => undefined); // a failure reaches the caller through `result`, not as an unhandled rejection
    for (;;) {
      const changed = changedSince(() => state.version);
      await condition(() => done || changed());
      if (done) return result;
      await publish();
    }
  };

  return { publish, publishing, inFlight: () => inFlight };
}
