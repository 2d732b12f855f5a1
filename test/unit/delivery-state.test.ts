// Which notice of an obligation's timeline is still in the outbox, and what the board says beside it.
import { deliveryLabel, noticeKeysOfTimeline } from '../../domain/notices/delivery-state';

test('each notice entry of the timeline goes with its key of state.sent, in order; other entries with none', () => {
  const timeline = [
    { kind: 'opened', note: '截止 2026-10-20T23:59:59+08:00' },
    { kind: 'acknowledge-reminder', note: 'ack-contact' },
    { kind: 'reminder', note: 'reminder-7' },
    { kind: 'submitted', note: '回执 HZ-FX5R-FCHK-1' },
    { kind: 'extension-decided-notice', note: 'ext-1-decided' },
    { kind: 'reminder', note: 'reminder-3' },
    { kind: '催办', note: 'remind-1' }, // a note that does not end its key: left unpaired, never guessed
  ];
  const sent = ['20261014.ack-contact', '20261009.reminder-7', 'ext-1-decided', '20261103.reminder-3', '20261104.cuiban-1'];
  expect(noticeKeysOfTimeline(timeline, sent)).toEqual([
    undefined,
    '20261014.ack-contact',
    '20261009.reminder-7',
    undefined,
    'ext-1-decided',
    '20261103.reminder-3',
    undefined,
  ]);
});

test('the mark: 待发送 before the first attempt, 重试中 after failed ones, 发送中 while claimed, none once out or refused', () => {
  expect(deliveryLabel({ state: 'pending', attempts: 0 })).toBe('待发送');
  expect(deliveryLabel({ state: 'pending', attempts: 3 })).toBe('重试中（已尝试 3 次）');
  expect(deliveryLabel({ state: 'claimed', attempts: 1 })).toBe('发送中');
  expect(deliveryLabel({ state: 'sent', attempts: 2 })).toBeUndefined();
  expect(deliveryLabel({ state: 'failed', attempts: 1 })).toBeUndefined();
  expect(deliveryLabel(undefined)).toBeUndefined();
});
