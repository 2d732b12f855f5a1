// Payloads at rest on the real dev server: a report submitted through the normal client path (its text in
// the report store, its reference and excerpt in the workflow) is stored encrypted (a client without the
// key sees neither the excerpt nor the submitter nor the unit's contacts); the key's holders
// read it, through the client, the portal's codec routes (only with the codec secret: a request from this
// machine without it is refused), the Web UI configured as npm start configures it (its own request, in
// Chromium), and the Temporal CLI's --codec-endpoint; and the recorded histories of older workflows still
// replay with the codec in place.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { workflowBundle } from '../../simulation/environment';
import { obligationView, submitWithFiles } from '../../client/operations';
import { createDubanWorker } from '../../worker/create-worker';
import { FileLinkVersions } from '../../store/local/link-versions';
import { createWebServer } from '../../web/server';
import { LocalReportStore } from '../../store/local/report-store';
import { EncryptionCodec } from '../../config/payload-codec';
import { dataConverterOf, payloadCodecFromEnv } from '../../config/payload-keys';
import { PROJECT_ROOT } from '../../config/paths';
import { devServerExecutable, temporalCliPath } from '../../config/binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { codecUiEndpoint } from '../../web/codec-routes';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { obligationState } from '../../domain/contract/messages';
import { RecordingSink } from '../helpers/recording-sink';
import { loadShipped } from '../helpers/plan-files';
import { temporalCli } from '../helpers/processes';
import { launchChromium } from '../helpers/browser';

const QUEUE = 'codec-e2e';
const TOKEN = 'codec-token-0123456789abcdef';
const TEXT = `整改台账第 3 项仍未完成，责任人 ${crypto.randomBytes(4).toString('hex')}`;
const BY = '市公安局 王某某';

let env: TestWorkflowEnvironment;
let codec: EncryptionCodec;
let keyHolder: Client;
let worker: Worker;
let running: Promise<void>;
let web: FastifyInstance;
let url: string;
let uiUrl: string;
let UI_ORIGIN: string;
let spec: ObligationSpec;
const store = new LocalReportStore(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-codec-')));

/** A port free at this moment (the web server's, which the Web UI must know before either starts). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const [webPort, uiPort] = [await freePort(), await freePort()];
  url = `http://127.0.0.1:${webPort}`;
  uiUrl = `http://localhost:${uiPort}`;
  UI_ORIGIN = uiUrl;
  // The dev server with its Web UI, configured as npm start configures it: the codec secret in the endpoint.
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: devServerExecutable(),
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      ui: true,
      uiPort,
      extraArgs: ['--log-level', 'error', '--ui-codec-endpoint', codecUiEndpoint(url, TOKEN)],
    },
  });
  codec = payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: crypto.randomBytes(32).toString('base64'), DUBAN_PAYLOAD_KEY_ID: 'e2e-1' })!;
  keyHolder = new Client({ connection: env.connection, namespace: 'default', dataConverter: dataConverterOf(codec) });
  worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: QUEUE,
    deps: new RecordingSink().deps(),
    workflowBundle: await workflowBundle(),
    payloadCodec: codec,
  });
  running = worker.run();
  web = await createWebServer({
    client: keyHolder,
    linkSecret: 'test-link-secret-0123456789abcdef',
    sessionSecret: 'test-session-secret-0123456789abcdef',
    linkVersions: new FileLinkVersions(path.join(os.tmpdir(), `duban-codec-links-${process.pid}.json`)),
    users: [],
    reports: store,
    codec: { codec, token: TOKEN, origins: [UI_ORIGIN], namespace: 'default' },
  });
  await web.listen({ port: webPort, host: '127.0.0.1' });

  const now = DateTime.now().setZone('Asia/Shanghai');
  const shipped = planRunSpec(loadShipped())
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === 'jiangmen-2024.t14.may.gaj')!;
  spec = {
    ...shipped,
    id: 'codec-gaj',
    notify: [],
    opens: now.toISO()!,
    due: now.plus({ days: 60 }).endOf('day').set({ millisecond: 0 }).toISO({ suppressMilliseconds: true })!,
  };
  await keyHolder.workflow.start(obligationWorkflow, {
    args: [spec],
    taskQueue: QUEUE,
    workflowId: spec.id,
    staticSummary: `任务14 · ${spec.unit}`,
  });
  await submitWithFiles(keyHolder, store, spec.id, { by: BY, text: TEXT }, []);
}, 180_000);

afterAll(async () => {
  await keyHolder?.workflow
    .getHandle('codec-gaj')
    .terminate('test done')
    .catch(() => undefined);
  worker?.shutdown();
  await running;
  await web?.close();
  await env?.teardown();
});

/** The history as the server stores it, fetched by a client without the key. */
async function rawHistory(): Promise<temporal.api.history.v1.IHistory> {
  const res = await env.client.connection.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: spec.id },
  });
  return res.history!;
}

/** Every payload in a (proto) history, found by shape: data bytes with a metadata map. */
function payloadsOf(node: unknown, out: Payload[] = []): Payload[] {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return out;
  const o = node as Record<string, unknown>;
  if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') out.push(o as Payload);
  else for (const v of Object.values(o)) payloadsOf(v, out);
  return out;
}

test('the stored history holds neither the report text nor the unit’s contacts; the key holder reads both', async () => {
  const contact = spec.chain.find((l) => l.role === 'contact')!.person;
  const history = await rawHistory();
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  for (const secret of [TEXT, BY, contact.email!, contact.mobile!]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
  // Only the search attributes (for the server's own filtering) are left as JSON; the input is sealed.
  const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');

  // A client without the key cannot read the obligation's state either.
  await expect(env.client.workflow.getHandle(spec.id).query(obligationState)).rejects.toThrow(/binary\/encrypted/);

  // With the key: the decoded history carries the report and the contact, and the state shows the report.
  const decoded = Buffer.concat((await codec.decode(payloadsOf(history))).map((p) => Buffer.from(p.data ?? new Uint8Array()))).toString(
    'utf8',
  );
  expect(decoded).toContain(TEXT);
  expect(decoded).toContain(contact.email);
  const { state } = await obligationView(keyHolder, spec.id);
  expect(state.stage).toBe('submitted');
  expect(JSON.stringify(state)).toContain(BY);
});

test('the codec endpoint decodes a payload taken from that history only with the codec secret: in the Web UI’s endpoint or as a bearer token', async () => {
  const sealed = payloadsOf(await rawHistory());
  const report = (await Promise.all(sealed.map(async (p) => [p, await codec.decode([p])] as const))).find(([, [d]]) =>
    Buffer.from(d.data!).includes(Buffer.from(TEXT)),
  )![0];
  const body = JSON.stringify({ payloads: [{ metadata: b64map(report.metadata!), data: Buffer.from(report.data!).toString('base64') }] });
  const post = (headers: Record<string, string>, endpoint = `${url}/codec`) =>
    fetch(`${endpoint}/decode`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  // A request made on this machine, without the secret: refused, in Chinese, whatever its address.
  const local = await post({});
  expect(local.status).toBe(401);
  expect(((await local.json()) as { error: string }).error).toMatch(/^需要授权/);
  expect((await post({ origin: UI_ORIGIN, 'x-namespace': 'default' })).status).toBe(401);
  expect((await post({}, `${url}/codec/wrong-secret-0123456789`)).status).toBe(401);

  // The Web UI's call from its own origin to the endpoint it is configured with: preflight, then the decoded payload.
  const settings = (await (await fetch(`${uiUrl}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
  expect(settings.Codec.Endpoint).toBe(codecUiEndpoint(url, TOKEN));
  const preflight = await fetch(`${settings.Codec.Endpoint}/decode`, {
    method: 'OPTIONS',
    headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
  const fromUi = await post({ origin: UI_ORIGIN, 'x-namespace': 'default' }, settings.Codec.Endpoint);
  expect(fromUi.status).toBe(200);
  expect(fromUi.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  const [decoded] = ((await fromUi.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
  expect(Buffer.from(decoded.metadata.encoding, 'base64').toString()).toBe('json/plain');
  const value = defaultPayloadConverter.fromPayload<unknown[]>({
    metadata: { encoding: Buffer.from('json/plain') },
    data: Buffer.from(decoded.data, 'base64'),
  });
  expect(JSON.stringify(value)).toContain(TEXT);

  // Encoding round-trips through the endpoint too.
  const encoded = await fetch(`${url}/codec/encode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ payloads: [decoded] }),
  });
  const [again] = ((await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
  expect(Buffer.from(again.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  expect(Buffer.from(again.data, 'base64').includes(Buffer.from(TEXT))).toBe(false);

  // Refused: a page of another site, another namespace, and a proxied request without the token.
  expect((await post({ origin: 'https://evil.example' }, settings.Codec.Endpoint)).status).toBe(403);
  expect(
    (
      await fetch(`${url}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      })
    ).status,
  ).toBe(403);
  expect((await post({ 'x-namespace': 'other' }, settings.Codec.Endpoint)).status).toBe(403);
  const proxied = await post({ 'x-forwarded-for': '203.0.113.9' });
  expect(proxied.status).toBe(401);
  expect(((await proxied.json()) as { error: string }).error).toContain('DUBAN_CODEC_TOKEN');
  expect((await post({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
  expect((await post({ 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` })).status).toBe(200);
});

test('the Web UI, opened in Chromium with no setting changed, decodes through its configured endpoint', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const decoded = page.waitForResponse((r) => r.url().startsWith(`${url}/codec/`) && r.url().endsWith('/decode'), { timeout: 60_000 });
    await page.goto(`${uiUrl}/namespaces/default/workflows/${spec.id}`);
    const answer = await decoded;
    expect(answer.url()).toBe(`${codecUiEndpoint(url, TOKEN)}/decode`);
    expect(answer.status()).toBe(200);
    const { payloads } = (await answer.json()) as { payloads: { metadata: Record<string, string> }[] };
    expect(payloads.map((p) => Buffer.from(p.metadata.encoding, 'base64').toString())).not.toContain('binary/encrypted');
  } finally {
    await browser.close();
  }
}, 90_000);

test('the Temporal CLI shows the report only through the codec endpoint', async () => {
  const cli = temporalCliPath()!;
  // What the CLI prints as JSON payloads, read back as text.
  const shown = async (...extra: string[]) => {
    const out = JSON.parse(await temporalCli(cli, ['workflow', 'show', '--address', env.address, '-w', spec.id, '-o', 'json', ...extra]));
    return payloadsInJson(out)
      .map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8'))
      .join('\n');
  };
  expect(await shown()).not.toContain(TEXT);
  expect(await shown('--codec-endpoint', `${url}/codec`, '--codec-auth', `Bearer ${TOKEN}`)).toContain(TEXT);
});

test('with the codec in place, the recorded histories replay, and so does the encrypted one', async () => {
  const dir = path.join(PROJECT_ROOT, 'test/fixtures/histories');
  const recorded = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))) }));
  const options = { workflowBundle: await workflowBundle(), dataConverter: dataConverterOf(codec) };
  const failures: string[] = [];
  for await (const r of Worker.runReplayHistories(options, [...recorded, { workflowId: spec.id, history: await rawHistory() }]))
    if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
  expect(failures).toEqual([]);
});

function payloadsInJson(node: unknown, out: { data?: string }[] = []): { data?: string }[] {
  if (!node || typeof node !== 'object') return out;
  const o = node as Record<string, unknown>;
  if (typeof o.data === 'string' && o.metadata) out.push(o as { data: string });
  else for (const v of Object.values(o)) payloadsInJson(v, out);
  return out;
}

function b64map(m: Record<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
}
