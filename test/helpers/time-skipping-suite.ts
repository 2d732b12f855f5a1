// The setup every workflow test file shares: one time-skipping server per file, and for each test a
// fresh worker whose notices land in a recording sink.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { timeSkippingEnv, workflowBundle } from '../../simulation/environment';
import { RecordingSink } from './recording-sink';

export interface TimeSkippingSuite {
  env: TestWorkflowEnvironment;
  /** The current test's notices. */
  sink: RecordingSink;
}

/** Registers the file's hooks; the returned object holds the server and the current test's sink. */
export function timeSkippingSuite(taskQueue: string): TimeSkippingSuite {
  const suite = {} as TimeSkippingSuite;
  let worker: Worker;
  let running: Promise<void>;
  beforeAll(async () => {
    suite.env = await timeSkippingEnv();
  }, 300_000);
  afterAll(async () => suite.env?.teardown());
  beforeEach(async () => {
    suite.sink = new RecordingSink();
    worker = await Worker.create({
      connection: suite.env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      // Rounds and plans read their obligations through a client (the ledger, the annual summary).
      activities: createActivities({ ...suite.sink.deps(), temporal: () => suite.env.client }),
    });
    running = worker.run();
  });
  afterEach(async () => {
    worker.shutdown();
    await running;
  });
  return suite;
}
