// What a person reads: timeline notes in words and Chinese dates, a reason set into a sentence once.
import { clause, noticeKeyZh, readableInstants, timelineNote } from '../../domain/notices/readable';

test('a reason that ends in 。 (or ！, ；, a space) loses it inside a sentence; other text is kept', () => {
  expect(`理由：${clause('整改涉及多个部门。')}。`).toBe('理由：整改涉及多个部门。');
  expect(clause(' 材料不全！ ')).toBe('材料不全');
  expect(clause('见附件（第3页）')).toBe('见附件（第3页）');
  expect(clause('。')).toBe('');
});

test('ISO instants read as Chinese dates with the weekday, in Beijing time', () => {
  expect(readableInstants('截止 2026-12-31T23:59:59+08:00')).toBe('截止 2026年12月31日（星期四）23:59');
  expect(readableInstants('截止由 2024-10-20T23:59:59+08:00 延至 2024-10-31T15:59:59Z')).toBe(
    '截止由 2024年10月20日（星期日）23:59 延至 2024年10月31日（星期四）23:59',
  );
});

test('notice keys read as words', () => {
  expect(noticeKeyZh('remind-7')).toBe('截止前第7个工作日提醒');
  expect(noticeKeyZh('urge-1')).toBe('逾期第1个工作日催办');
  expect(noticeKeyZh('ack-leader')).toBe('签收提醒（单位负责人）');
  expect(noticeKeyZh('ext-1-applied')).toBe('第1次延期申请');
  expect(noticeKeyZh('ext-2-decided')).toBe('第2次延期申请的审批结果');
  expect(noticeKeyZh('remind-3-undeliverable')).toBe('截止前第3个工作日提醒投递失败的报告');
});

test('every kind of timeline note reads without ISO instants, internal keys or doubled punctuation', () => {
  const notes: [string, string, string][] = [
    ['opened', '截止 2026-12-31T23:59:59+08:00', '截止 2026年12月31日（星期四）23:59'],
    ['reminder', 'remind-3', '截止前第3个工作日提醒'],
    ['extension-applied-notice', 'ext-1-applied', '第1次延期申请'],
    ['extension-decided-notice', 'ext-1-decided', '第1次延期申请的审批结果'],
    ['returned', '数据与附表不符。；新截止 2026-12-20T23:59:59+08:00', '数据与附表不符；新截止 2026年12月20日（星期日）23:59'],
    [
      'extension-applied',
      '第1次延期申请，申请延至 2024-11-05T23:59:59+08:00：需补充材料。',
      '第1次延期申请，申请延至 2024年11月5日（星期二）23:59：需补充材料。',
    ],
    ['undeliverable', 'remind-7：550 mailbox unavailable', '截止前第7个工作日提醒：550 mailbox unavailable'],
    ['submitted', '回执 HZ-K7M3-Q9XD-1', '回执 HZ-K7M3-Q9XD-1'],
  ];
  for (const [kind, note, shown] of notes) expect(timelineNote({ kind, note })).toBe(shown);
  expect(timelineNote({ kind: 'accepted' })).toBe('');
});
