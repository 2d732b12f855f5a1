// Whether a notice the timeline records has reached its channel yet. An obligation records a notice as sent when it
// hands it to the outbox; the worker's sender delivers it from there (at once, or after an outage). Until the channel
// accepts it, a person reading the timeline should see 待发送 or 重试中, not a notice that went out.
// Pure: the caller reads the outbox rows.
import { LADDER_STEPS } from '../calendar/ladder';

/** The outbox's view of one queued notice (absent: delivered in the activity itself, or never queued). */
export interface QueuedState {
  state: 'pending' | 'claimed' | 'sent' | 'failed';
  /** Failed attempts so far. */
  attempts: number;
}

/** Timeline kinds that record a notice handed over (each paired, in order, with a key of `state.sent`). */
const NOTICE_KINDS = new Set<string>([...LADDER_STEPS, 'acknowledge-reminder']);
const isNoticeEntry = (kind: string) => NOTICE_KINDS.has(kind) || /^extension-.+-notice$/.test(kind);

/**
 * The key of `state.sent` behind each timeline entry that records a notice: every place that records one pushes the
 * key and the entry together, so the n-th notice entry goes with the n-th key. An entry whose note does not end the key
 * (a ladder step's or 签收提醒's note is the key's part after the date; an extension notice's note is the key) is left
 * unpaired rather than guessed.
 */
export function noticeKeysOfTimeline(timeline: { kind: string; note?: string }[], sent: string[]): (string | undefined)[] {
  let n = 0;
  return timeline.map((e) => {
    if (!isNoticeEntry(e.kind)) return undefined;
    const key = sent[n++];
    if (key === undefined || e.note === undefined) return undefined;
    return key === e.note || key.slice(key.indexOf('.') + 1) === e.note ? key : undefined;
  });
}

/** What to show beside a notice entry: nothing once its channel has it (or it was refused: the timeline says so). */
export function deliveryLabel(q: QueuedState | undefined): string | undefined {
  if (!q || q.state === 'sent' || q.state === 'failed') return undefined;
  if (q.state === 'claimed') return '发送中';
  return q.attempts > 0 ? `重试中（已尝试 ${q.attempts} 次）` : '待发送';
}
