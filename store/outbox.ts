// The outbox that turns simultaneous notices for one addressee into one digest, and the queue the worker's
// sender delivers from. A notice is queued with the workflow that owes it and the instant its collection window
// closes; the sender takes each batch whose first notice is ready, sends it, and backs off on trouble. A claim
// is atomic across every worker that shares the store (one host with SQLite, any number with PostgreSQL).
import type { Notice } from '../domain/obligation/notice';

export interface OutboxRow {
  key: string;
  batch: string;
  notice: Notice;
  state: 'pending' | 'claimed' | 'sent' | 'failed';
  reason?: string;
  /** The obligation workflow that queued it (absent for notices of activities that wait for their own send). */
  workflowId?: string;
  /** Failed attempts so far. */
  attempts: number;
}

/** What the sender still has to tell an obligation of one of its queued notices. */
export interface OutboxTelling {
  key: string;
  workflowId: string;
  notice: Notice;
  /** refused: never delivered (reason); stalled: still trying after many attempts (reason of the last). */
  outcome: 'refused' | 'stalled';
  reason: string;
}

/** The outbox's depth counts what is due within this: a notice scheduled for tomorrow's 09:00 is no backlog. */
export const DEPTH_HORIZON_MS = 60_000;

/**
 * The rows the depth counts, in SQL for either store, with `horizon` the placeholder of the instant
 * now + DEPTH_HORIZON_MS (`?` in SQLite, `$1` in PostgreSQL): claimed, due by then, or being retried.
 */
export const depthCondition = (horizon: string) => `state = 'claimed' OR (state = 'pending' AND (ready_at <= ${horizon} OR attempts > 0))`;

/** A claim older than this is considered abandoned (its worker died) and can be taken over. */
export const DEFAULT_CLAIM_TTL_MS = 120_000;

/**
 * Notices to the same person for the same scheduled instant travel together, whoever they copy: the batch is
 * what one addressee is owed at one instant (their SMS merges across all of it); each sender splits it as its
 * channel needs (the mail sink sends one message per recipient set, so no copied person is left out).
 */
export function batchOf(n: Notice): string {
  return `${n.to
    .map((a) => a.email)
    .sort()
    .join(',')}|${n.at}`;
}

/** A notice queued for its instant (`readyAtMs`, on the worker's clock). */
export interface DueNotice {
  notice: Notice;
  readyAtMs: number;
}

/** Where a page of due notices ended: its last notice's instant and key. */
export interface DuePlace {
  readyAtMs: number;
  key: string;
}

export interface Outbox {
  /** Adds the notice (pending) unless it is there already; `readyAtMs`: when its batch may go out. */
  enqueue(n: Notice, o?: { workflowId?: string; readyAtMs?: number }): Promise<void>;
  row(key: string): Promise<OutboxRow | undefined>;
  /**
   * Takes back a notice no sender has claimed (queued ahead of its instant, then overtaken by a report or a
   * decision): true when it is no longer in the outbox, false when it is being sent or has been.
   */
  withdraw(key: string): Promise<boolean>;
  /**
   * Pending notices first due in (afterMs, untilMs], soonest first (then by key), at most `limit`, after `from` when
   * given (the last of the previous page: a 09:00 burst has thousands due at one instant): what the sender prepares
   * before their instant (the documents a 09:00 burst carries).
   */
  dueBetween(afterMs: number, untilMs: number, limit: number, from?: DuePlace): Promise<DueNotice[]>;
  /** Batches with a notice ready to go (pending and due, or claimed and abandoned), oldest first. */
  readyBatches(nowMs: number, limit: number): Promise<string[]>;
  /** Atomically takes every pending (or abandoned) notice of `batch`; empty when another sender has them. */
  claim(batch: string, nowMs: number): Promise<OutboxRow[]>;
  settle(keys: string[], state: 'sent' | 'failed' | 'pending', reason?: string): Promise<void>;
  /**
   * Back to pending after a failed attempt, not before `retryAtMs`. The attempt that reaches `stallAfter` marks the
   * obligation to be told that its notice is stalled (once).
   */
  retryLater(keys: string[], retryAtMs: number, reason: string, stallAfter: number): Promise<void>;
  /** Outcomes queued notices' obligations have not been told yet (refusals, stalls). */
  untold(limit: number): Promise<OutboxTelling[]>;
  /** The obligation was told (or is gone). */
  told(keys: string[]): Promise<void>;
  /**
   * Notices due within DEPTH_HORIZON_MS and not yet delivered or refused (collection windows and back-offs
   * included, notices scheduled for a later instant not): what operators watch as the outbox's depth.
   */
  depth(nowMs?: number): Promise<number>;
}

/** A row of the outbox table, as both stores (SQLite, PostgreSQL) hold it. */
export interface OutboxTableRow {
  key: string;
  batch: string;
  notice: string;
  state: OutboxRow['state'];
  reason: string | null;
  workflow_id: string | null;
  attempts: number;
  tell: OutboxTelling['outcome'] | null;
}

export const outboxRowOf = (r: OutboxTableRow): OutboxRow => ({
  key: r.key,
  batch: r.batch,
  notice: JSON.parse(r.notice),
  state: r.state,
  reason: r.reason ?? undefined,
  workflowId: r.workflow_id ?? undefined,
  attempts: r.attempts,
});

/** What an untold row's obligation must be told (the row has its owner and an outcome). */
export const tellingOf = (r: OutboxTableRow): OutboxTelling => ({
  key: r.key,
  workflowId: r.workflow_id!,
  notice: JSON.parse(r.notice),
  outcome: r.tell!,
  reason: r.reason ?? '',
});
