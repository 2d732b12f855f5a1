// The burst's SMS gateway: a local HTTP server in the place of the webhook provider (activities/sms/providers.ts),
// checking each request's signature as a gateway would and keeping what it received, for the exactly-once watch.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsGateway {
  url: string;
  secret: string;
  /** Every message received, in order. */
  received: { key: string; mobile: string; at: number }[];
  stop(): Promise<void>;
}

export async function startSmsGateway(): Promise<SmsGateway> {
  const secret = crypto.randomBytes(16).toString('hex');
  const received: SmsGateway['received'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const signature = crypto.createHmac('sha256', secret).update(body).digest('hex');
      if (req.headers['x-duban-signature'] !== signature) return void res.writeHead(401).end();
      const { key, mobile } = JSON.parse(body) as { key: string; mobile: string };
      received.push({ key, mobile, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    secret,
    received,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Throws unless each of `mobiles` received exactly one message and no key came twice. */
export function checkOncePerMobile(gateway: SmsGateway, mobiles: string[]): void {
  const keys = new Set<string>();
  const perMobile = new Map<string, number>();
  for (const m of gateway.received) {
    if (keys.has(m.key)) throw new Error(`SMS ${m.key} received twice`);
    keys.add(m.key);
    perMobile.set(m.mobile, (perMobile.get(m.mobile) ?? 0) + 1);
  }
  for (const mobile of mobiles)
    if (perMobile.get(mobile) !== 1) throw new Error(`${perMobile.get(mobile) ?? 0} SMS to an addressee instead of one`);
  if (gateway.received.length !== mobiles.length) throw new Error(`${gateway.received.length} SMS for ${mobiles.length} addressees`);
}
