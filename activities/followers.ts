// Telling an obligation's round (and plan) of a change, from a local activity through the worker's own client:
// one marker in the obligation's history, where a signal sent by the workflow itself costs five events and a
// workflow task of its own.
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { obligationChanged } from '../domain/contract/messages';

export interface FollowersChange {
  /** The workflows that follow the obligation (its round; a plan of older starts). */
  ids: string[];
  /** The change, with its version: followers keep the newest whatever order changes land in. */
  snapshot: ObligationSnapshot;
}

export function createFollowerActivities(deps: { temporal?: () => Client }) {
  return {
    /** 'direct' where the worker has no client (the workflow then signals itself, as before). */
    async tellFollowers({ ids, snapshot }: FollowersChange): Promise<'told' | 'direct'> {
      if (!deps.temporal) return 'direct';
      const client = deps.temporal();
      await Promise.all(
        ids.map((id) =>
          client.workflow
            .getHandle(id)
            .signal(obligationChanged, snapshot)
            .catch((err) => {
              // A round that is gone (closed, started on its own) has nothing to follow.
              if (!(err instanceof WorkflowNotFoundError)) throw err;
            }),
        ),
      );
      return 'told';
    },
  };
}

export type FollowerActivities = ReturnType<typeof createFollowerActivities>;
