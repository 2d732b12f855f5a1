// An update the server rejects as unprocessed (a workflow task completed without the worker answering it, seen
// when 50 acknowledgements of one duty came at once) was never applied: it is sent again, and a person is told
// to retry only if it keeps happening. A validator's refusal is passed on at once.
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { refusing } from '../../client/refusals';
import { Busy, NotFound, Refused } from '../../client/errors';
import { REFUSED_FAILURE, UNPROCESSED_UPDATE_FAILURE } from '../../domain/contract/failures';

const unprocessed = () =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({
      type: UNPROCESSED_UPDATE_FAILURE,
      message: "Workflow Update is rejected because it wasn't processed by worker.",
    }),
  );
const refusal = () =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: REFUSED_FAILURE, message: '已签收' }));

test('an unprocessed update is sent again until the workflow takes it', async () => {
  let calls = 0;
  const result = await refusing(async () => {
    if (++calls < 3) throw unprocessed();
    return 'done';
  }, '未找到');
  expect([result, calls]).toEqual(['done', 3]);
});

/** What refusing() throws when every send fails with `error`, and how many sends it made. */
async function refusalOf(error: () => Error): Promise<{ err: unknown; calls: number }> {
  let calls = 0;
  const err = await refusing(async () => {
    calls++;
    throw error();
  }, '未找到').catch((e: unknown) => e);
  return { err, calls };
}

test('an update still unprocessed after five sends is a 503 in Chinese, not the server’s English', async () => {
  const { err, calls } = await refusalOf(unprocessed);
  expect(err).toBeInstanceOf(Busy);
  expect(err).toMatchObject({ message: '系统繁忙，本次操作未生效，请稍后重试', httpStatus: 503 });
  expect(calls).toBe(5);
});

test("a validator's refusal is passed on at once", async () => {
  const { err, calls } = await refusalOf(refusal);
  expect(err).toBeInstanceOf(Refused);
  expect(err).toMatchObject({ message: '已签收', httpStatus: 409 });
  expect(calls).toBe(1);
});

test('the failure types running workflows throw keep their names', () => {
  // Histories and running workflows carry these strings: a rename would turn their refusals into other errors.
  expect([REFUSED_FAILURE, UNPROCESSED_UPDATE_FAILURE]).toEqual(['Refused', 'UnprocessedUpdate']);
});

test('an unknown id answered by the server as gRPC NOT_FOUND is not found, whatever its message says', async () => {
  const { err, calls } = await refusalOf(
    () => new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error('x'), { code: 5 }) }),
  );
  expect(err).toBeInstanceOf(NotFound);
  expect(err).toMatchObject({ message: '未找到', httpStatus: 404 });
  expect(calls).toBe(1);
});
