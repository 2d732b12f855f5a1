// `npm run probe`: the security review's probes, run against a running portal and board (npm start), one
// line per row: held or failed, with what was seen. It logs in with the first board account, signs unit
// links with the link secret, and submits one report to the first open duty of the running plan (rows 4 and
// 12). What it needs to know (the open duties, the figures each asks for, a report's attachments) it reads
// from Temporal through the application layer, as `duban status --json` does, never from a page's markup.
// `--no-memory` leaves out the two rows that measure the server's memory with ~1 GB of requests (3 and 5);
// test/e2e/probe.test.ts runs the rest against the test stack inside `npm test`.
//   DUBAN_PROBE_URL       the server (default http://localhost:$DUBAN_WEB_PORT or 8080); loopback only
//   DUBAN_PROBE_USER, DUBAN_PROBE_PASSWORD   a board account (default: data/board-initial-password.txt)
//   DUBAN_PROBE_PLAN      the plan whose duties it uses (default: the first running plan)
//   DUBAN_LINK_SECRET     as the worker's (default: data/secrets.json, as npm start keeps it)
//   TEMPORAL_ADDRESS …    the Temporal settings of the CLI (default: npm start's dev server and payload key)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { dataDir, PROJECT_ROOT } from '../config/paths';
import { signLink } from '../store/links/signed-links';
import { unitCodeOfId } from '../domain/obligation/ids';
import { openStores } from '../store/from-env';
import type { Client } from '@temporalio/client';
import { connectClient } from '../client/temporal-client';
import { obligationView } from '../client/operations';
import { planLedgerOf, runningPlans } from '../client/plan-runs';
import { alertOf, cookieOf, form, FORM, request, tally } from './probe/http';
import { listeningPid, rssMiB } from './probe/server-memory';

const BASE = (process.env.DUBAN_PROBE_URL || `http://localhost:${Number(process.env.DUBAN_WEB_PORT) || 8080}`).replace(/\/$/, '');
const HOST = new URL(BASE).hostname;
if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(HOST))
  throw new Error('the probe only targets a server on this machine (DUBAN_PROBE_URL on localhost)');
// Several clients on one machine: loopback addresses of their own (the server must listen on 127.0.0.1 or all).
// A run of its own too, so a second run within the throttle's windows starts afresh.
const RUN = 1 + Math.floor(Math.random() * 250);
const from = (n: number) => (HOST === 'localhost' || HOST === '127.0.0.1' ? `127.0.${RUN}.${n}` : undefined);
const BASE4 = BASE.replace('//localhost', '//127.0.0.1');
const CJK = /[\u4e00-\u9fff]/;
/** Rows 3 and 5 send about 1 GB to measure the server's memory: by hand only with --no-memory. */
const MEMORY = !process.argv.includes('--no-memory');
let client: Client;

interface Row {
  row: string;
  what: string;
  run: () => Promise<[boolean, string]>;
}

function account(): { username: string; password: string } {
  if (process.env.DUBAN_PROBE_USER && process.env.DUBAN_PROBE_PASSWORD)
    return { username: process.env.DUBAN_PROBE_USER, password: process.env.DUBAN_PROBE_PASSWORD };
  const text = fs.readFileSync(path.join(dataDir(), 'board-initial-password.txt'), 'utf8');
  return { username: /用户名 (\S+)/.exec(text)![1], password: /密码 (\S+)/.exec(text)![1] };
}
const linkSecret = () =>
  process.env.DUBAN_LINK_SECRET || JSON.parse(fs.readFileSync(path.join(dataDir(), 'secrets.json'), 'utf8')).DUBAN_LINK_SECRET;
/** The units' link versions, read from the store the server uses when the probe starts. */
let versions: Record<string, number> = {};
const token = (unit: string) => signLink({ unit, exp: Math.floor(Date.now() / 1000) + 3600, v: versions[unit] ?? 0 }, linkSecret());

const login = (username: string, password: string, n = 1, cookie?: string) =>
  request(`${BASE4}/board/login`, {
    method: 'POST',
    from: from(n),
    body: form({ username, password }),
    headers: { 'content-type': FORM, origin: BASE4, ...(cookie ? { cookie } : {}) },
  });

async function session(): Promise<string> {
  const { username, password } = account();
  const res = await login(username, password);
  if (res.status !== 302) throw new Error(`cannot log in as ${username}: ${res.status} ${alertOf(res.body) ?? ''}`);
  return cookieOf(res.headers['set-cookie'], 'duban_board')!;
}
const boardGet = (p: string, cookie: string) => request(`${BASE4}${p}`, { headers: { cookie } });
const boardPost = (p: string, body: string, cookie: string, headers: Record<string, string> = {}) =>
  request(`${BASE4}${p}`, { method: 'POST', body, headers: { 'content-type': FORM, cookie, origin: BASE4, ...headers } });

/** Open duties (ids) of the plan probed (DUBAN_PROBE_PLAN, else the first running one), from its ledger. */
async function openDuties(): Promise<string[]> {
  const plan = process.env.DUBAN_PROBE_PLAN || (await runningPlans(client))[0];
  if (!plan) throw new Error('no running plan (start one, or npm start)');
  const rows = await planLedgerOf(client, plan);
  return rows.filter((r) => r.stage === 'open' || r.stage === 'overdue' || r.stage === 'returned').map((r) => r.id);
}
const portalPost = (id: string, f: FormData) =>
  fetch(`${BASE4}/u/${unitCodeOfId(id)}/o/${encodeURIComponent(id)}?t=${token(unitCodeOfId(id))}`, { method: 'POST', body: f });
const reportForm = (fields: Record<string, string>, files: [string, Blob][] = []) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  for (const [name, blob] of files) f.append('attachments', blob, name);
  return f;
};
/** The figure fields a duty's form asks for (figure.<target id>, one per target of its spec), with a valid value each. */
async function figuresOf(id: string): Promise<Record<string, string>> {
  const { spec } = await obligationView(client, id);
  return Object.fromEntries(spec.targets.map((t) => [`figure.${t.id}`, '1']));
}
/** The board's download links of the attachments of a duty's latest report. */
async function attachmentLinks(id: string): Promise<string[]> {
  const { state } = await obligationView(client, id);
  const attachments = state.submissions.at(-1)?.report?.attachments ?? [];
  return attachments.map((a) => `/board/o/${encodeURIComponent(id)}/attachments/${a.sha256}`);
}

async function main(): Promise<void> {
  const stores = await openStores();
  versions = await stores.linkVersions.all();
  await stores.close();
  const port = Number(new URL(BASE).port) || 80;
  const pid = listeningPid(port);
  client = await connectClient();
  const cookie = await session();
  const open = await openDuties();
  if (open.length < 2) throw new Error("the probe needs two open duties (wait until the plan's obligations are up, or start a plan)");
  const [target, spare] = open;
  const pdf = new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4096, 0x20)])]);
  let receipts = 0;
  let loserStatuses: number[] = [];

  const rows: Row[] = [
    {
      row: '1',
      what: '100 and 300 concurrent wrong passwords on one account',
      run: async () => {
        const seen: string[] = [];
        let ok = true;
        for (const [n, address] of [
          [100, 11],
          [300, 15],
        ]) {
          const name = `probe${n}-${Date.now()}`; // one account, n guesses at once
          const statuses = (await Promise.all(Array.from({ length: n }, () => login(name, 'wrong', address)))).map((a) => a.status);
          ok &&= statuses.filter((s) => s === 401).length <= 5 && statuses.every((s) => s === 401 || s === 429);
          seen.push(`${n}: ${tally(statuses)}`);
        }
        return [ok, seen.join('; ')];
      },
    },
    {
      row: '2',
      what: '5 wrong passwords from one address, then the owner from another',
      run: async () => {
        const { username, password } = account();
        const wrong = (await Promise.all(Array.from({ length: 5 }, () => login(username, 'wrong', 12)))).map((a) => a.status);
        const owner = await login(username, password, 13);
        return [owner.status === 302, `attacker ${tally(wrong)}; owner from another address: ${owner.status}`];
      },
    },
    {
      row: '3',
      what: '200 logins with ~1 MB usernames',
      run: async () => {
        const before = pid ? rssMiB(pid) : NaN;
        const huge = 'x'.repeat(1024 * 1024);
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++)
          statuses.push(...(await Promise.all(Array.from({ length: 10 }, () => login(`${huge}${i}`, 'x', 14)))).map((a) => a.status));
        const after = pid ? rssMiB(pid) : NaN;
        const grew = after - before;
        return [statuses.every((s) => s === 413 || s === 400) && !(grew > 100), `${tally(statuses)}; server RSS ${before} → ${after} MiB`];
      },
    },
    {
      row: '4',
      what: '50 concurrent submits of one duty with the same attachment',
      run: async () => {
        const figures = await figuresOf(target);
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            portalPost(target, reportForm({ by: `探测${i}`, text: '安全探测报告。', ...figures }, [['探测附件.pdf', pdf]])),
          ),
        );
        const statuses = answers.map((a) => a.status);
        receipts = statuses.filter((s) => s === 200).length;
        loserStatuses = statuses.filter((s) => s !== 200);
        const links = await attachmentLinks(target);
        const downloads = await Promise.all(links.map(async (l) => (await boardGet(l, cookie)).status));
        return [
          receipts === 1 && links.length > 0 && downloads.every((s) => s === 200),
          `${tally(statuses)}; attachment downloads: ${tally(downloads) || 'none'}`,
        ];
      },
    },
    {
      row: '5',
      what: '5 concurrent uploads × 10 files × 19 MB',
      run: async () => {
        const big = new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(19 * 1024 * 1024 - 9, 0x20)])]);
        const before = pid ? rssMiB(pid) : NaN;
        const files: [string, Blob][] = Array.from({ length: 10 }, (_, i) => [`大文件${i}.pdf`, big]);
        const statuses = (
          await Promise.all(Array.from({ length: 5 }, () => portalPost(target, reportForm({ by: '探测', text: '大附件探测。' }, files))))
        ).map((a) => a.status);
        const after = pid ? rssMiB(pid) : NaN;
        return [after - before < 100, `${tally(statuses)}; server RSS ${before} → ${after} MiB`];
      },
    },
    {
      row: '6',
      what: 'a submitter name of 68,000 characters',
      run: async () => {
        const res = await portalPost(spare, reportForm({ by: 'x'.repeat(68_000), text: '报告', ...(await figuresOf(spare)) }));
        const msg = alertOf(await res.text()) ?? '';
        return [res.status === 400 || res.status === 413, `${res.status} ${msg}`];
      },
    },
    {
      row: '7',
      what: 'POST /%62oard/o/<id>/extend with a foreign Origin and a valid cookie',
      run: async () => {
        const res = await boardPost(
          `/%62oard/o/${encodeURIComponent(spare)}/extend`,
          form({ newDue: '2099-12-31', reason: '探测' }),
          cookie,
          { origin: 'http://elsewhere.example' },
        );
        return [res.status === 403, `${res.status} ${alertOf(res.body) ?? ''}`];
      },
    },
    {
      row: '8',
      what: 'the old cookie after 退出',
      run: async () => {
        const own = await session();
        await boardPost('/board/logout', '', own);
        const after = await boardGet('/board', own);
        return [after.status === 302, `after logout: ${after.status}${after.headers.location ? ` → ${after.headers.location}` : ''}`];
      },
    },
    {
      row: '9',
      what: 'JSON bodies with wrong types',
      run: async () => {
        const json = (p: string, body: string, c = '') =>
          request(`${BASE4}${p}`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', origin: BASE4, ...(c ? { cookie: c } : {}) },
          });
        const a = await json('/board/login', '{"username":1,"password":"x"}');
        const b = await json(`/board/o/${encodeURIComponent(spare)}/extend`, '{"newDue":"2099-12-31","reason":{"a":1}}', cookie);
        const ok = [a, b].every((r) => r.status === 400 && CJK.test(alertOf(r.body) ?? ''));
        return [ok, `${a.status} ${alertOf(a.body)}; ${b.status} ${alertOf(b.body)}`];
      },
    },
    {
      row: '10',
      what: 'a round id as an obligation',
      run: async () => {
        const round = target.slice(0, target.lastIndexOf('.'));
        const res = await boardGet(`/board/o/${encodeURIComponent(round)}`, cookie);
        return [res.status === 404, `${res.status} ${/<h1>([^<]*)</.exec(res.body)?.[1] ?? ''}`];
      },
    },
    {
      row: '11',
      what: 'a figure of 400 nines',
      run: async () => {
        let withFigures: readonly [string, Record<string, string>] | undefined;
        for (const id of open.slice(1)) {
          const figures = await figuresOf(id);
          if (Object.keys(figures).length) {
            withFigures = [id, figures];
            break;
          }
        }
        if (!withFigures) return [false, 'no open duty asks for figures'];
        const [id, figures] = withFigures;
        const bad = Object.fromEntries(Object.keys(figures).map((k) => [k, '9'.repeat(400)]));
        const res = await portalPost(id, reportForm({ by: '探测', text: '报告', ...bad }));
        const msg = alertOf(await res.text()) ?? '';
        return [res.status === 400 && msg.includes('不是有效数字'), `${res.status} ${msg}`];
      },
    },
    {
      row: '12',
      what: 'the same refusal (already submitted) everywhere',
      run: async () => {
        const again = await portalPost(target, reportForm({ by: '探测', text: '再次报送。', ...(await figuresOf(target)) }));
        const all = [...loserStatuses, again.status];
        return [receipts === 1 && all.every((s) => s === 409), `row 4's refused submits and a later one: ${tally(all)}`];
      },
    },
    {
      row: '13',
      what: 'a YAML alias bomb as a plan file',
      run: async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-probe-')), 'bomb.yaml');
        const levels = 'abcdefghi'.split('');
        fs.writeFileSync(
          file,
          [
            'a: &a [x, x, x, x, x, x, x, x, x]',
            ...levels.slice(1).map((k, i) => `${k}: &${k} [${Array(9).fill(`*${levels[i]}`).join(', ')}]`),
          ].join('\n'),
        );
        let out = '';
        try {
          execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'duban.js'), 'plan', 'check', file], {
            stdio: 'pipe',
            timeout: 60_000,
          });
        } catch (err) {
          out = String((err as { stderr?: Buffer }).stderr ?? '');
        }
        const first = out.split('\n')[0].replace(path.dirname(file), '…');
        return [/bomb\.yaml:\d+ .*[\u4e00-\u9fff]/.test(out), first];
      },
    },
    {
      row: '14',
      what: 'security headers on every page',
      run: async () => {
        const pages = ['/board/login', '/board', `/u/${unitCodeOfId(spare)}?t=${token(unitCodeOfId(spare))}`, '/u/x?t=bad', '/nowhere'];
        const missing: string[] = [];
        for (const p of pages) {
          const h = (await boardGet(p, cookie)).headers;
          if (!String(h['content-security-policy']).includes("frame-ancestors 'none'") || h['x-frame-options'] !== 'DENY')
            missing.push(p.split('?')[0]);
        }
        return [
          missing.length === 0,
          missing.length ? `missing on ${missing.join(', ')}` : `CSP and frame protection on ${pages.length} pages`,
        ];
      },
    },
    {
      row: '15',
      what: 'a multipart body without its boundary, and one cut off midway',
      run: async () => {
        const url = `${BASE4}/u/${unitCodeOfId(spare)}/o/${encodeURIComponent(spare)}?t=${token(unitCodeOfId(spare))}`;
        const noBoundary = await request(url, { method: 'POST', body: 'by=x', headers: { 'content-type': 'multipart/form-data' } });
        const cut = ['--B', 'Content-Disposition: form-data; name="attachments"; filename="a.pdf"', '', '%PDF-1.4 …'].join('\r\n');
        const truncated = await request(url, { method: 'POST', body: cut, headers: { 'content-type': 'multipart/form-data; boundary=B' } });
        const ok = [noBoundary, truncated].every((r) => r.status === 400 && CJK.test(alertOf(r.body) ?? ''));
        return [ok, `${noBoundary.status} ${alertOf(noBoundary.body)}; ${truncated.status} ${alertOf(truncated.body)}`];
      },
    },
    {
      row: '16',
      what: 'an id of 20,000 characters, and one of 1,100 asked for as JSON',
      run: async () => {
        const huge = await request(`${BASE4}/board/o/${'a'.repeat(20_000)}`);
        const long = await request(`${BASE4}/u/x/o/${'a'.repeat(1_100)}`, { headers: { accept: 'application/json' } });
        const error = long.headers['content-type']?.startsWith('application/json')
          ? (JSON.parse(long.body) as { error?: string }).error
          : undefined;
        const ok = huge.status === 431 && CJK.test(alertOf(huge.body) ?? '') && long.status === 414 && CJK.test(error ?? '');
        return [ok, `${huge.status} ${alertOf(huge.body)}; ${long.status} ${JSON.stringify(error)}`];
      },
    },
    {
      row: '17',
      what: 'the codec routes from this machine without the codec secret',
      run: async () => {
        const body = JSON.stringify({ payloads: [] });
        const headers = { 'content-type': 'application/json' };
        const bare = await request(`${BASE4}/codec/decode`, { method: 'POST', body, headers });
        const guessed = await request(`${BASE4}/codec/guessed-secret-0123456789/decode`, { method: 'POST', body, headers });
        const statuses = [bare.status, guessed.status];
        // 404 where the server serves no codec (encryption off): nothing to decode either.
        return [statuses.every((s) => s === 401 || s === 404), `${bare.status} ${bare.body}; ${guessed.status}`];
      },
    },
    {
      row: 'also',
      what: 'a program renamed to .pdf as an attachment',
      run: async () => {
        const exe = new Blob([Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)])]);
        const res = await portalPost(spare, reportForm({ by: '探测', text: '报告', ...(await figuresOf(spare)) }, [['材料.pdf', exe]]));
        const msg = alertOf(await res.text()) ?? '';
        return [res.status === 400 && msg.includes('不符'), `${res.status} ${msg}`];
      },
    },
  ];

  console.log(`probing ${BASE} (server pid ${pid ?? 'not found: no RSS figures'}; report to ${target})`);
  let failed = 0;
  const memoryRows = ['3', '5'];
  for (const r of rows) {
    if (!MEMORY && memoryRows.includes(r.row)) {
      console.log(`${r.row.padStart(4)}  skipped  ${r.what}: by hand (without --no-memory)`);
      continue;
    }
    let held: boolean;
    let note: string;
    try {
      [held, note] = await r.run();
    } catch (err) {
      [held, note] = [false, `error: ${(err as Error).message}`];
    }
    if (!held) failed++;
    console.log(`${r.row.padStart(4)}  ${held ? 'held  ' : 'FAILED'}  ${r.what}: ${note}`);
  }
  const ran = MEMORY ? rows.length : rows.length - memoryRows.length;
  console.log(`${ran - failed} held, ${failed} failed${MEMORY ? '' : `, ${memoryRows.length} skipped`}`);
  await client.connection.close();
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(`probe: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
