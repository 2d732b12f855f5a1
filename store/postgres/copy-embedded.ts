// Copies the embedded default's data folder into PostgreSQL (`duban store migrate`), kind by kind, one row per
// statement: a run that is interrupted has copied a prefix, and the next run copies what is missing. Nothing the
// database already holds is overwritten (a row there may have moved on since), so a second run changes nothing.
// Afterwards every row of the folder is looked up in the database: reports, attachments and plan files by the
// sha256 of their content as the database computes it, the others by their key.
import path from 'node:path';
import type { Pool } from 'pg';
import { loadBoardUsers } from '../../config/board-users';
import { LocalPlanFiles } from '../local/plan-files';
import { fileDigest, linkVersionEntries, reportFiles, sqliteRows } from '../local/embedded-contents';
import { sha256 } from '../report-store';
import { putBoardAccount } from './board-accounts';
import fs from 'node:fs';

/** One row of the folder: its key in the database, the digest to compare (or none), and how to insert it. */
interface Row {
  key: string;
  digest?: string;
  /** Inserts the row unless the database has it; the number of rows inserted (0 or 1). */
  insert(pool: Pool): Promise<number>;
}

interface Kind {
  name: string;
  rows(): Iterable<Row> | AsyncIterable<Row>;
  /** Every key the database holds, with its digest where the kind has one. */
  stored(pool: Pool): Promise<Map<string, string | undefined>>;
  /** After the rows: what follows from them (the series counters of 发文字号). */
  finish?(pool: Pool): Promise<void>;
}

export interface CopySource {
  dataDir: string;
  usersFile: string;
  /** Copy the board's sessions too (else those logged in log in again). */
  sessions: boolean;
}

export interface KindCopied {
  kind: string;
  /** Rows in the data folder. */
  local: number;
  /** Inserted by this run (the others were there already). */
  copied: number;
  /** Keys of rows missing from the database, or there with other content (at most 5). */
  mismatched: string[];
  mismatchCount: number;
}

/** Inserts `row` into `table` unless a row with the same key (any unique constraint) is there. */
async function insertIgnoring(pool: Pool, table: string, row: Record<string, unknown>): Promise<number> {
  const cols = Object.keys(row);
  const { rowCount } = await pool.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
    cols.map((c) => row[c]),
  );
  return rowCount ?? 0;
}

async function keyed(pool: Pool, sql: string): Promise<Map<string, string | undefined>> {
  const { rows } = await pool.query<{ key: string; digest?: string }>(sql);
  return new Map(rows.map((r) => [r.key, r.digest]));
}

/** Rows of an SQLite table of the folder, keyed by `keyOf`, inserted as they are. */
const tableKind = (name: string, file: string, table: string, keyOf: (r: Record<string, unknown>) => string, keysSql: string): Kind => ({
  name,
  rows: () => sqliteRows(file, table).map((r) => ({ key: keyOf(r), insert: (pool) => insertIgnoring(pool, table, r) })),
  stored: (pool) => keyed(pool, keysSql),
});

function kinds(src: CopySource): Kind[] {
  const reports = path.join(src.dataDir, 'reports');
  const deliveryDb = path.join(src.dataDir, 'delivery.db');
  const plans = new LocalPlanFiles(path.join(src.dataDir, 'plans'));
  const all: Kind[] = [
    {
      name: 'reports',
      *rows() {
        for (const f of reportFiles(reports)) {
          if (f.attachment) continue;
          const { content, sha256: digest } = fileDigest(f.file);
          yield {
            key: f.rel,
            digest,
            insert: (pool) => insertIgnoring(pool, 'reports', { path: f.rel, obligation: f.obligation, sha256: digest, body: content }),
          };
        }
      },
      stored: (pool) => keyed(pool, `SELECT path AS key, encode(sha256(body), 'hex') AS digest FROM reports`),
    },
    {
      name: 'attachments',
      *rows() {
        for (const f of reportFiles(reports)) {
          if (!f.attachment) continue;
          const { content, sha256: digest } = fileDigest(f.file);
          const row = { obligation: f.obligation, name: f.name, sha256: digest, size: content.length, content };
          yield { key: `${f.obligation}/${f.name}`, digest, insert: (pool) => insertIgnoring(pool, 'attachments', row) };
        }
      },
      stored: (pool) => keyed(pool, `SELECT obligation || '/' || name AS key, encode(sha256(content), 'hex') AS digest FROM attachments`),
    },
    tableKind(
      'deliveries',
      deliveryDb,
      'deliveries',
      (r) => `${r.key}\n${r.channel}`,
      `SELECT key || E'\\n' || channel AS key FROM deliveries`,
    ),
    tableKind('outbox', deliveryDb, 'outbox', (r) => String(r.key), 'SELECT key FROM outbox'),
    {
      name: 'linkVersions',
      rows: () =>
        linkVersionEntries(path.join(src.dataDir, 'unit-links.json')).map((e) => ({
          key: e.unit,
          // A version the database has moved past stays; a lower one is raised to the folder's.
          insert: async (pool) =>
            (
              await pool.query(
                `INSERT INTO unit_link_versions (unit, version, revoked_at, revoked_by) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (unit) DO UPDATE SET version = excluded.version, revoked_at = excluded.revoked_at, revoked_by = excluded.revoked_by
                 WHERE unit_link_versions.version < excluded.version`,
                [e.unit, e.version, e.revokedAt, e.by],
              )
            ).rowCount ?? 0,
        })),
      stored: (pool) => keyed(pool, 'SELECT unit AS key FROM unit_link_versions'),
    },
    {
      ...tableKind(
        'documentNumbers',
        path.join(src.dataDir, 'document-numbers.db'),
        'document_numbers',
        (r) => `${r.series}\n${r.key}`,
        `SELECT series || E'\\n' || key AS key FROM document_numbers`,
      ),
      // Each series continues after the highest number it holds, in the folder or in the database.
      finish: async (pool) => {
        await pool.query(`INSERT INTO document_series (series, last) SELECT series, MAX(n) FROM document_numbers GROUP BY series
          ON CONFLICT (series) DO UPDATE SET last = GREATEST(document_series.last, excluded.last)`);
      },
    },
    {
      name: 'planFiles',
      async *rows() {
        for (const name of await plans.list()) {
          const text = (await plans.get(name))!;
          yield {
            key: name,
            digest: sha256(Buffer.from(text)),
            insert: (pool: Pool) => insertIgnoring(pool, 'plan_files', { name, text }),
          };
        }
      },
      stored: (pool) => keyed(pool, `SELECT name AS key, encode(sha256(convert_to(text, 'UTF8')), 'hex') AS digest FROM plan_files`),
    },
    {
      name: 'accounts',
      rows: () =>
        (fs.existsSync(src.usersFile) ? loadBoardUsers(src.usersFile) : []).map((u) => ({
          key: u.username,
          insert: async (pool) => {
            const before = await pool.query('SELECT 1 FROM board_accounts WHERE username = $1', [u.username]);
            if (before.rowCount) return 0;
            await putBoardAccount(pool, u, true);
            return 1;
          },
        })),
      stored: (pool) => keyed(pool, 'SELECT username AS key FROM board_accounts'),
    },
  ];
  if (src.sessions)
    all.push(
      tableKind(
        'sessions',
        path.join(src.dataDir, 'board-auth.db'),
        'board_sessions',
        (r) => String(r.id_hash),
        'SELECT id_hash AS key FROM board_sessions',
      ),
    );
  return all;
}

/**
 * Copies every kind of the folder into the database and checks it there; `progress` hears of each kind when it
 * is done. `afterRow` is called after each row (tests interrupt a run there).
 */
export async function copyEmbeddedStore(
  pool: Pool,
  src: CopySource,
  o: { progress?: (k: KindCopied) => void; afterRow?: (kind: string, n: number) => void } = {},
): Promise<KindCopied[]> {
  const done: KindCopied[] = [];
  for (const kind of kinds(src)) {
    const expected = new Map<string, string | undefined>();
    let copied = 0;
    for await (const row of kind.rows()) {
      copied += await row.insert(pool);
      expected.set(row.key, row.digest);
      o.afterRow?.(kind.name, expected.size);
    }
    await kind.finish?.(pool);
    const stored = await kind.stored(pool);
    const bad = [...expected]
      .filter(([key, digest]) => !stored.has(key) || (digest !== undefined && stored.get(key) !== digest))
      .map(([key]) => key);
    const result = { kind: kind.name, local: expected.size, copied, mismatched: bad.slice(0, 5), mismatchCount: bad.length };
    done.push(result);
    o.progress?.(result);
  }
  return done;
}
