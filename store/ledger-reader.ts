// The plan's ledger (台账), read from its rounds: each round keeps its obligations' state, so no workflow
// holds every obligation and no payload grows beyond one round. The ledger is kept by the workflows; this is its
// reader, below the activities (the annual summary reads it) and the client (the CLI, the web, the XLSX).
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { planLedger, planRounds, roundSnapshots } from '../domain/contract/messages';

/** How many rounds are asked at once (more stalled the time-skipping test server's connection in simulations). */
const PARALLEL_QUERIES = 4;

export async function readPlanLedger(client: Client, plan: string): Promise<ObligationSnapshot[]> {
  const handle = client.workflow.getHandle(plan);
  const rounds = await handle.query(planRounds);
  if (rounds === null) return handle.query(planLedger); // a plan that keeps its own ledger (started before)
  return readRounds(client, rounds);
}

/** Every obligation of the given rounds; a round that no longer exists contributes nothing. */
export async function readRounds(client: Client, rounds: string[]): Promise<ObligationSnapshot[]> {
  const out: ObligationSnapshot[][] = new Array(rounds.length);
  let next = 0;
  const worker = async () => {
    while (next < rounds.length) {
      const i = next++;
      try {
        out[i] = await client.workflow.getHandle(rounds[i]).query(roundSnapshots);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        out[i] = [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_QUERIES, rounds.length) }, worker));
  return out.flat();
}
