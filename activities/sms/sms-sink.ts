// The SMS channel: one text (70 characters, one segment) per addressee's mobile for the notices of a send time
// it is owed, through the configured provider. Numbers appear in logs only masked.
import type { Notice } from '../../domain/obligation/notice';
import { digestSmsText, maskMobile, smsParams, smsText } from '../../domain/notices/sms';
import type { DeliveryLog } from '../../store/delivery-log';
import type { SmsProvider } from './providers';
import { AddresseeChannel, Messenger } from '../channels/addressee-channel';
import type { Addressee } from '../../domain/obligation/notice';

export const reachesByMobile = (a: Addressee): boolean => Boolean(a.mobile);

export class SmsNoticeSink extends AddresseeChannel<string> {
  constructor(o: { provider: SmsProvider; log: DeliveryLog; signature: string; now?: () => string }) {
    const messenger: Messenger<string> = {
      name: 'sms',
      label: '短信',
      provider: o.provider.name,
      description: `短信经 ${o.provider.name} 发送`,
      address: (a) => a.mobile || undefined,
      mask: maskMobile,
      render: (ns: Notice[]) => (ns.length === 1 ? smsText(ns[0], o.signature) : digestSmsText(ns, o.signature)),
      send: (mobile, text, key, ns) => o.provider.send({ key, mobile, step: ns[0].step, text, params: smsParams(ns[0]) }),
    };
    super(messenger, o.log, o.now);
  }
}
