// The worker's log while Temporal cannot be reached: the core's English retry lines become one Chinese line when
// the server is lost and one every 30 s while it stays away, and one when it answers again; other lines pass.
import { UnreachableServerLogger } from '../../worker/unreachable-logger';
import { unavailable } from '../../client/unavailable';

const retry = {
  error: 'Status { code: Unavailable, message: "tcp connect error", source: Some(tonic::transport::Error(Transport, ConnectError(...))) }',
};

test('retries of an unreachable server are said once, again every 30 s, and the return once', () => {
  let now = 1_000_000;
  const out: string[] = [];
  const logger = new UnreachableServerLogger(
    '127.0.0.1:7233',
    'INFO',
    (l) => out.push(l),
    30_000,
    () => now,
  );
  for (let i = 0; i < 50; i++, now += 200) logger.warn('gRPC call poll_workflow_task_queue retried 6 times', retry);
  expect(out).toEqual(['[worker] 无法连接 Temporal 服务 127.0.0.1:7233：服务未运行或正在重启，工作进程继续重试，恢复后自动接着处理']);
  now += 21_000;
  logger.warn('gRPC call poll_activity_task_queue retried 7 times', retry);
  expect(out[1]).toBe(
    '[worker] 无法连接 Temporal 服务 127.0.0.1:7233（已持续 31 秒）：服务未运行或正在重启，工作进程继续重试，恢复后自动接着处理',
  );
  expect(logger.lost).toBe(true);
  now += 4_000;
  logger.back();
  logger.back();
  expect(out.slice(2)).toEqual(['[worker] 已重新连接 Temporal 服务 127.0.0.1:7233（中断约 35 秒）']);
  expect(logger.lost).toBe(false);
});

test('what the portal answers for each fault of the parts, and nothing for other errors', () => {
  const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
  expect(unavailable(Object.assign(new Error('Service error'), { cause: grpc }))).toMatchObject({
    status: 503,
    message: '系统繁忙，请稍后再试。本次操作未完成，未保存任何内容。',
  });
  expect(unavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))?.status).toBe(503);
  expect(unavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))?.status).toBe(503);
  expect(unavailable(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toMatchObject({
    status: 507,
    message: '存储空间不足，报告未能保存，请稍后再试。本次提交未被接收（已记录，请联系管理员）。',
  });
  expect(unavailable(new Error('boom'))).toBeUndefined();
  expect(unavailable(Object.assign(new Error('not found'), { code: 5 }))).toBeUndefined();
});
