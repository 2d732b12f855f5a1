// The portal answers within its own time limit (DUBAN_REQUEST_TIMEOUT_MS) when Temporal or the report store is
// away, instead of after the Temporal client's own retries (some 20 s) or a database connection that hangs:
// 503 系统繁忙 in Chinese, what the unit typed still in the form, nothing stored half; a retry once the part is
// back stores the report once. A real dev server and worker (test/helpers/web-stack.ts), a portal pointed at a
// closed Temporal port, and a real PostgreSQL behind a relay that stops answering.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { startPrivateCluster, PrivateCluster } from '../../scripts/postgres/private-cluster';
import { Relay } from '../helpers/pg-relay';
import { openStores, Stores } from '../../store/from-env';
import { obligationView, submit, submitWithFiles } from '../../client/operations';
import { createWebServer } from '../../web/server';
import { watchedBoardUsers } from '../../config/board-users';
import { FileLinkVersions } from '../../store/local/link-versions';
import type { ReportStore } from '../../store/report-store';
import { requestTimeoutFromEnv } from '../../web/request-deadline';
import { LINK_SECRET, startWebStack, waitForDuty, WebStack } from '../helpers/web-stack';
import path from 'node:path';
import { alertOf, unitToken } from '../helpers/portal-page';

const LIMIT_MS = 2_000;
const BUSY = '系统繁忙，请稍后再试。本次操作未完成，未保存任何内容。';

let stack: WebStack;
let cluster: PrivateCluster;
let relay: Relay;
let pgStores: Stores;
const servers: FastifyInstance[] = [];
const clients: Client[] = [];

/** A second portal on the stack's plan with its own Temporal client and report store, and a 2 s limit. */
async function portal(client: Client, reports: ReportStore): Promise<string> {
  const web = await createWebServer({
    client,
    linkSecret: LINK_SECRET,
    linkVersions: new FileLinkVersions(path.join(stack.dataDir, 'unit-links.json')),
    sessionSecret: 'test-session-secret-0123456789abcdef',
    users: watchedBoardUsers(stack.usersFile),
    reports,
    plan: stack.plan,
    requestTimeoutMs: LIMIT_MS,
  });
  await web.listen({ port: 0, host: '127.0.0.1' });
  servers.push(web);
  return `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const form = (text: string) => {
  const f = new FormData();
  f.set('by', '李四');
  f.set('text', text);
  f.set('attachments', new Blob([Buffer.from('%PDF-1.4\n清理台账\n%%EOF\n')]), '清理台账.pdf');
  return f;
};

async function timed(url: string, init?: RequestInit): Promise<{ status: number; html: string; ms: number }> {
  const at = Date.now();
  const res = await fetch(url, init);
  const html = await res.text();
  return { status: res.status, html, ms: Date.now() - at };
}

const ready = (id: string) => waitForDuty(stack, id);

beforeAll(async () => {
  stack = await startWebStack('portal-deadline', { secondTask: true });
  cluster = await startPrivateCluster();
  await cluster.createDatabase('duban_deadline');
  relay = new Relay(cluster.port);
  await relay.open();
  pgStores = await openStores({
    DUBAN_DATABASE_URL: relay.urlOf(cluster.url('duban_deadline'), cluster.port),
    DUBAN_DATA_DIR: stack.dataDir,
  });
}, 180_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  for (const c of clients) await c.connection.close();
  relay?.resume();
  await pgStores?.close();
  await relay?.close();
  await cluster?.stop();
  await stack?.stop();
});

test('the limit is a setting with a default, refused in Chinese when it makes no sense', () => {
  expect(requestTimeoutFromEnv({})).toBe(15000);
  expect(requestTimeoutFromEnv({ DUBAN_REQUEST_TIMEOUT_MS: '3000' })).toBe(3000);
  expect(() => requestTimeoutFromEnv({ DUBAN_REQUEST_TIMEOUT_MS: '5s' })).toThrow(
    'DUBAN_REQUEST_TIMEOUT_MS 应为 1000 到 120000 之间的整数（毫秒），现为 5s',
  );
});

test('Temporal away: the page and the report form answer 503 系统繁忙 within the limit, what was typed kept; submitted once it is back', async () => {
  const id = `${stack.plan}.t1.cleanup.jia`;
  await ready(id);
  const client = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await closedPort()}` }), namespace: 'default' });
  clients.push(client);
  const away = await portal(client, stack.reports);

  const unitPage = await timed(`${away}/u/jia?t=${unitToken('jia')}`);
  console.log(`Temporal away: unit page answered ${unitPage.status} after ${unitPage.ms} ms (limit ${LIMIT_MS} ms)`);
  expect(unitPage.status).toBe(503);
  expect(alertOf(unitPage.html)).toBe(BUSY);
  expect(unitPage.ms).toBeLessThan(2 * LIMIT_MS);

  const board = await timed(`${away}/board`, { headers: { accept: 'application/json' } });
  expect(board.ms).toBeLessThan(2 * LIMIT_MS); // the board's login page needs no Temporal: answered at once

  const text = '清理工作已完成（Temporal 中断时提交）';
  const post = await timed(`${away}/u/jia/o/${id}?t=${unitToken('jia')}`, { method: 'POST', body: form(text) });
  console.log(`Temporal away: report form answered ${post.status} after ${post.ms} ms`);
  expect(post.status).toBe(503);
  expect(alertOf(post.html)).toBe(BUSY);
  expect(post.html).toContain(text); // what the unit typed, in a form that submits again
  expect(post.html).toContain('再次提交');
  expect(post.ms).toBeLessThan(2 * LIMIT_MS);
  expect((await obligationView(stack.env.client, id)).state.submissions).toHaveLength(0);

  // Temporal back (the stack's own portal): the same report goes in, once.
  const again = await timed(`${stack.url}/u/jia/o/${id}?t=${unitToken('jia')}`, { method: 'POST', body: form(text) });
  expect(again.status).toBe(200);
  expect(again.html).toContain('报送成功');
  expect((await obligationView(stack.env.client, id)).state.submissions).toHaveLength(1);
}, 60_000);

test('the report store silent: 503 系统繁忙 within the limit, nothing submitted; once it answers, the report is stored and submitted once', async () => {
  const id = `${stack.plan}.t1.cleanup.yi`;
  await ready(id);
  const reports = pgStores.reports;
  const url = `${await portal(stack.env.client, reports)}/u/yi/o/${id}?t=${unitToken('yi')}`;
  const text = '清理工作已完成（数据库无应答时提交）';

  relay.hang();
  const post = await timed(url, { method: 'POST', body: form(text) });
  console.log(`store silent: report form answered ${post.status} after ${post.ms} ms (limit ${LIMIT_MS} ms)`);
  expect(post.status).toBe(503);
  expect(alertOf(post.html)).toBe(BUSY);
  expect(post.html).toContain(text);
  expect(post.ms).toBeLessThan(2 * LIMIT_MS);
  // The abandoned request's store calls give up on their own (the pool's 10 s); nothing reaches the workflow.
  await new Promise((r) => setTimeout(r, 11_000));
  expect((await obligationView(stack.env.client, id)).state.submissions).toHaveLength(0);

  relay.resume();
  const again = await timed(url, { method: 'POST', body: form(text) });
  expect(again.status).toBe(200);
  const { state } = await obligationView(stack.env.client, id);
  expect(state.submissions).toHaveLength(1);
  const db = (await import('pg')).Pool;
  const pool = new db({ connectionString: cluster.url('duban_deadline') });
  const rows = await pool.query<{ path: string }>('SELECT path FROM reports WHERE obligation = $1', [id]);
  const files = await pool.query('SELECT name FROM attachments WHERE obligation = $1', [id]);
  await pool.end();
  expect(rows.rows).toHaveLength(1); // one report row, whether or not the abandoned try had written it
  expect(files.rows).toHaveLength(1);
}, 90_000);

test('a report stored whose update was lost: sent again it is one submission with one receipt', async () => {
  const id = `${stack.plan}.t2.training.jia`;
  await ready(id);
  // What the portal's first try did before its answer was lost: stored the report, sent the update.
  const receipt = await submitWithFiles(
    stack.env.client,
    stack.reports,
    id,
    { by: '李四', text: '培训已完成', figures: { hours: 60 } },
    [],
  );
  const { state } = await obligationView(stack.env.client, id);
  const sent = state.timeline.length;
  const report = (await stack.reports.putSubmission(id, { by: '李四', text: '培训已完成', figures: { hours: 60 }, attachments: [] }))!;
  // The retry carries the same update id (report digest and submission count before it): the first's receipt.
  const retried = await submit(
    stack.env.client,
    id,
    { by: '李四', figures: { hours: 60 }, attachments: [], report },
    `submit-${report.sha256}-0`,
  );
  expect(retried.receipt).toBe(receipt.receipt);
  const after = (await obligationView(stack.env.client, id)).state;
  expect(after.submissions).toHaveLength(1);
  expect(after.timeline).toHaveLength(sent);
}, 60_000);
