// What the board's charts need beyond the ledger, read from a round's workflow: when its obligations opened, its
// deadline, and the plan's reminder ladder. A round's start facts never change, so the web keeps them once read.
import type { Client } from '@temporalio/client';
import type { LadderConfig } from '../domain/calendar/ladder';
import { roundSpec } from '../domain/contract/messages';
import { unpackRound } from '../domain/obligation/packed-round';

export interface RoundFacts {
  /** When the round's obligations opened (the earliest of them), ISO. */
  opens: string;
  /** The round's deadline as started, ISO. */
  due: string;
  ladder: LadderConfig;
}

/**
 * The round's start facts, or undefined when its workflow cannot answer within `timeoutMs` (no worker, a long
 * replay, or not found): a chart page does not wait past its budget for them.
 */
export async function roundFacts(client: Client, round: string, dutyId?: string, timeoutMs = 1500): Promise<RoundFacts | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('round did not answer in time')), timeoutMs);
      timer.unref();
    });
    const asked = client.workflow.getHandle(round).query(roundSpec);
    asked.catch(() => undefined); // an answer (or failure) after the timeout is dropped
    const spec = unpackRound(await Promise.race([asked, late]));
    const obligations = spec.obligations.filter((o) => dutyId === undefined || o.dutyId === dutyId);
    const first = obligations[0];
    if (!first) return undefined; // a 整改 has its own duty, opened later than its round
    const opens = obligations.map((o) => o.opens).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a), first.opens);
    return { opens, due: first.due, ladder: first.ladderConfig };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The plan's scoring rules (考核), as the board's ranking reads them. */
export { arrangedScoringRules as planScoringRules } from './plan-arrangements';
