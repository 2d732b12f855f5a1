// The outbox that turns simultaneous notices for one addressee into one digest: each notice waits here for
// a short collection window, then the first of its batch to claim it sends the whole batch. A claim is
// atomic across every worker that shares the store (one host with SQLite, any number with PostgreSQL).
import type { Notice } from '../domain/obligation/notice';

export interface OutboxRow {
  key: string;
  batch: string;
  notice: Notice;
  state: 'pending' | 'claimed' | 'sent' | 'failed';
  reason?: string;
}

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

export interface Outbox {
  /** Adds the notice (pending) unless it is there already. */
  enqueue(n: Notice): Promise<void>;
  row(key: string): Promise<OutboxRow | undefined>;
  /** Atomically takes every pending (or abandoned) notice of `batch`; empty when another sender has them. */
  claim(batch: string, nowMs: number): Promise<OutboxRow[]>;
  settle(keys: string[], state: 'sent' | 'failed' | 'pending', reason?: string): Promise<void>;
}
