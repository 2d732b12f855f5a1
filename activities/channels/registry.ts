// The channels duban knows, in the order a notice tries them (mail first: a refused address stops the rest).
// The worker opens those configured in its environment; nothing else names a channel.
import type { Channel, ChannelContext, ChannelKind } from './channel';
import { mailChannel } from '../mail/from-env';
import { smsChannel } from '../sms/from-env';
import { wecomChannel } from '../wecom/channel';

export const CHANNEL_KINDS: readonly ChannelKind[] = [mailChannel, smsChannel, wecomChannel];

/** The channels configured in `ctx.env`, in order. */
export function openChannels(ctx: ChannelContext, kinds: readonly ChannelKind[] = CHANNEL_KINDS): Channel[] {
  return kinds.flatMap((k) => k.open(ctx) ?? []);
}
