// SMS: the Tencent Cloud adapter against a local server that checks the documented request format and
// recomputes the TC3-HMAC-SHA256 signature itself; the webhook's signature; texts within the length rules;
// once per number; mobiles masked.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { DateTime } from 'luxon';
import { FileSmsProvider, TencentSmsProvider, WebhookSmsProvider } from '../../activities/sms/providers';
import { SmsNoticeSink } from '../../activities/sms/sms-sink';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { buildNotice, Notice } from '../../domain/obligation/notice';
import { initialState } from '../../domain/obligation/lifecycle';
import { planRunSpec } from '../../domain/obligation/spec';
import { maskMobile, smsParams, smsText, SMS_SEGMENT, TEMPLATE_VARIABLE_MAX } from '../../domain/notices/sms';
import { loadShipped } from '../helpers/plan-files';

const spec = planRunSpec(loadShipped())
  .rounds.flatMap((r) => r.obligations)
  .find((o) => o.id === 'jiangmen-2024.t16.rectify.heshan')!;
const state = initialState(spec, DateTime.fromISO('2024-10-01T00:00+08:00').toMillis());
const notice = (step: 'reminder' | '催办', key: string): Notice =>
  buildNotice(spec, state, { step, key, at: '2024-10-21T09:00:00+08:00' }, `${spec.id}/20241020.${key}`);

/** Closes a test server and every connection it still holds (keep-alive, proxy tunnels). */
function shut(server: http.Server): void {
  server.closeAllConnections();
  server.close();
  for (const s of (server as unknown as { tunnels?: Set<import('node:net').Socket> }).tunnels ?? []) s.destroy();
}

interface Captured {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A stand-in for sms.tencentcloudapi.com, reached as the client's HTTP proxy (so the request is addressed and
 * signed exactly as in production): verifies it as Tencent documents it, and answers like Tencent.
 */
async function tencentServer(secretId: string, secretKey: string) {
  const seen: Captured[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const ok = verifyTc3(req, body, secretId, secretKey);
      const payload = JSON.parse(body);
      const response = ok
        ? {
            Response: {
              SendStatusSet: [
                {
                  SerialNo: 'serial-1',
                  PhoneNumber: payload.PhoneNumberSet[0],
                  Fee: 1,
                  SessionContext: payload.SessionContext,
                  Code: 'Ok',
                  Message: 'send success',
                  IsoCode: 'CN',
                },
              ],
              RequestId: 'req-1',
            },
          }
        : {
            Response: {
              Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' },
              RequestId: 'req-2',
            },
          };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
    });
  });
  // The proxy tunnel: accept CONNECT, then read the tunnelled request with this same server.
  server.on('connect', (req, socket: import('node:net').Socket, head) => {
    if (req.url !== 'sms.tencentcloudapi.com:80') return socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const tunnels = ((server as unknown as { tunnels?: Set<import('node:net').Socket> }).tunnels ??= new Set());
    tunnels.add(socket);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    server.emit('connection', socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, seen, proxy: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** TC3-HMAC-SHA256 as Tencent Cloud documents it (API 3.0 signature v3), written here independently. */
function verifyTc3(req: http.IncomingMessage, body: string, secretId: string, secretKey: string): boolean {
  const auth = String(req.headers.authorization ?? '');
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m || m[1] !== secretId) return false;
  const [, , date, signedHeaders, signature] = m;
  const ts = Number(req.headers['x-tc-timestamp']);
  if (new Date(ts * 1000).toISOString().slice(0, 10) !== date) return false;
  const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
  const hmac = (k: crypto.BinaryLike, s: string) => crypto.createHmac('sha256', k).update(s).digest();
  const value = (h: string) => String(req.headers[h]);
  if (req.headers.host !== 'sms.tencentcloudapi.com') return false;
  if (!signedHeaders.split(';').includes('host') || !signedHeaders.split(';').includes('content-type')) return false;
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((h) => `${h}:${value(h).trim().toLowerCase()}\n`)
    .join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha(body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', String(ts), `${date}/sms/tc3_request`, sha(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), 'sms'), 'tc3_request');
  return crypto.createHmac('sha256', key).update(stringToSign).digest('hex') === signature;
}

describe('Tencent Cloud SMS', () => {
  test('sends SendSms 2021-01-11 with the template, its variables and a valid TC3 signature', async () => {
    const t = await tencentServer('AKIDtest', 'secret-key-from-env');
    const provider = new TencentSmsProvider({
      secretId: 'AKIDtest',
      secretKey: 'secret-key-from-env',
      sdkAppId: '1400000000',
      signName: '江门市司法局',
      templates: { reminder: '2000001', 催办: '2000002' },
      proxy: t.proxy,
      protocol: 'http://',
    });
    const n = notice('催办', 'urge-1');
    const id = await provider.send({
      key: n.key,
      mobile: '19900000452',
      step: n.step,
      text: smsText(n, '江门市司法局'),
      params: smsParams(n),
    });
    expect(id).toBe('serial-1');
    const [req] = t.seen;
    expect(req.headers.host).toBe('sms.tencentcloudapi.com');
    expect(String(req.headers.authorization)).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDtest\/\d{4}-\d{2}-\d{2}\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers['x-tc-action']).toBe('SendSms');
    expect(req.headers['x-tc-version']).toBe('2021-01-11');
    expect(req.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(String(req.headers['content-type'])).toMatch(/^application\/json/);
    expect(JSON.parse(req.body)).toEqual({
      PhoneNumberSet: ['+8619900000452'],
      SmsSdkAppId: '1400000000',
      SignName: '江门市司法局',
      TemplateId: '2000002',
      TemplateParamSet: ['鹤山市', '16', '职权下放“重放轻管”问…', '10月20日', '已逾期，请尽快报送'],
      SessionContext: n.key,
    });
    shut(t.server);
  });

  test('a signature the server rejects is a permanent failure, not retried', async () => {
    const t = await tencentServer('AKIDtest', 'the-real-key');
    const provider = new TencentSmsProvider({
      secretId: 'AKIDtest',
      secretKey: 'a-wrong-key',
      sdkAppId: '1400000000',
      signName: '江门市司法局',
      templates: { reminder: '2000001' },
      proxy: t.proxy,
      protocol: 'http://',
    });
    const n = notice('reminder', 'remind-1');
    const err = await provider.send({ key: n.key, mobile: '19900000451', step: n.step, text: '', params: smsParams(n) }).then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({
      type: 'PermanentDeliveryFailure',
      nonRetryable: true,
      message: '短信发送被拒绝：AuthFailure.SignatureFailure',
    });
    shut(t.server);
  });
});

test('texts fit one 70-character segment and template variables fit 12 characters', () => {
  for (const step of ['reminder', '催办'] as const) {
    const n = notice(step, step);
    expect([...smsText(n, '江门市司法局')].length).toBeLessThanOrEqual(SMS_SEGMENT);
    for (const p of smsParams(n)) expect([...p].length).toBeLessThanOrEqual(TEMPLATE_VARIABLE_MAX);
  }
  expect(smsText(notice('reminder', 'r'), '江门市司法局')).toBe(
    '【江门市司法局】鹤山市：任务16“职权下放“重放轻管”问…”10月20日截止，请按时报送。',
  );
});

test('the webhook signs its body; the sink sends once per key and number; logs show masked numbers only', async () => {
  const secret = 'hook-secret';
  const got: { body: string; sig: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ body, sig: String(req.headers['x-duban-signature']) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"hook-1"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const log = new SqliteDeliveryLog(':memory:');
  const sink = new SmsNoticeSink({
    provider: new WebhookSmsProvider({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, secret }),
    log,
    signature: '江门市司法局',
  });
  const n = notice('催办', 'urge-1');
  await sink.deliverNotice(n);
  await sink.deliverNotice(n);
  expect(got).toHaveLength(1);
  expect(got[0].sig).toBe(crypto.createHmac('sha256', secret).update(got[0].body).digest('hex'));
  expect(JSON.parse(got[0].body)).toMatchObject({ key: n.key, mobile: '19900000452', step: '催办' });
  expect(await log.accepted(n.key, 'sms:19900000452')).toMatchObject({ messageId: 'hook-1', recipients: '199****0452' });
  shut(server);
});

test('the development provider writes messages to a file with the number masked', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-sms-')), 'sms.log');
  const n = notice('reminder', 'remind-3');
  await new FileSmsProvider(file).send({ key: n.key, mobile: '19900000451', step: n.step, text: smsText(n, '江门市司法局'), params: [] });
  const line = JSON.parse(fs.readFileSync(file, 'utf8').trim());
  expect(line).toMatchObject({ key: n.key, to: '199****0451' });
  expect(fs.readFileSync(file, 'utf8')).not.toContain('19900000451');
  expect(maskMobile('13812345678')).toBe('138****5678');
});
