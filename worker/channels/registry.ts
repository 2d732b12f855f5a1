// The channels duban knows, in the order a notice tries them (mail first: a refused address stops the rest).
// The worker opens those configured in its environment; nothing else names a channel.
import type { Channel, ChannelContext, ChannelKind } from '../../activities/channels/channel';
import { mailChannel } from './mail';
import { smsChannel } from './sms';
import { wecomChannel } from '../../activities/wecom/channel';

export const CHANNEL_KINDS: readonly ChannelKind[] = [mailChannel, smsChannel, wecomChannel];

/** The channels configured in `ctx.env`, in order. */
export function openChannels(ctx: ChannelContext, kinds: readonly ChannelKind[] = CHANNEL_KINDS): Channel[] {
  return kinds.flatMap((k) => k.open(ctx) ?? []);
}
