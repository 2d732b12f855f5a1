// Temporal environments for simulations and tests: the Java time-skipping test server and the CLI dev server.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { registerSearchAttributes } from '../client/search-attributes';
import { devServerExecutable, testServerExecutable } from '../config/binaries';

let early: Promise<TestWorkflowEnvironment> | undefined;

/** Starts the test server now: its JVM boots while the caller loads the rest. The next timeSkippingEnv() takes it. */
export function startTestServerEarly(): void {
  early ??= startTimeSkippingEnv();
  early.catch(() => undefined); // a failure surfaces where timeSkippingEnv() is awaited
}

/** The Java test server, time skipping, with duban's search attributes (the one started early, if any). */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = early ?? startTimeSkippingEnv();
  early = undefined;
  return env;
}

async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  // The SDK gives the JVM 5 s to listen: on a busy machine a cold start can miss that, so try again.
  for (let attempt = 1; ; attempt++) {
    try {
      // The Java test server only skips time when asked to.
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: testServerExecutable(), extraArgs: ['--enable-time-skipping'] },
      });
      await registerSearchAttributes(env.connection, env.namespace ?? 'default');
      // Held once for good, so time moves only while a test sleeps (env.sleep) or awaits a result, and never
      // while a workflow task or activity is outstanding: those take a lock of their own, which only counts on
      // top of this one. Without it, a sleep skipped past the timeout of a workflow task still running (a local
      // activity, a slow first task) and the server expired the task.
      await env.connection.testService?.lockTimeSkipping({});
      return env;
    } catch (err) {
      if (attempt >= 4 || !/did not start within/.test(String(err))) throw err;
    }
  }
}

export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: devServerExecutable(), searchAttributes: ALL_SEARCH_ATTRIBUTES, extraArgs: ['--log-level', 'error'] },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, once per process: the kept one while its inputs are unchanged, else built by webpack. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  // Loaded here, not at the top: the worker's activities take a while to load, which a test server started
  // early (startTestServerEarly) spends booting.
  bundle ??= (require('../worker/create-worker') as typeof import('../worker/create-worker')).bundleWorkflows();
  return bundle;
}
