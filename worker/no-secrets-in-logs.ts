// The SDK puts each activity's task token in the attributes of its log lines; a task token lets anyone
// holding it complete or fail that activity, so it never reaches the worker's log.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export const withoutTaskTokens: ActivityInterceptorsFactory = () => ({
  outbound: {
    getLogAttributes: (input, next) => {
      const { taskToken: _secret, ...rest } = next(input);
      return rest;
    },
  },
});
