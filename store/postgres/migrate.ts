// Applies the migrations a database lacks, in one transaction under a transaction-scoped advisory lock:
// processes starting together (two workers, the portal, a CLI command) wait for each other, and the
// second finds everything applied. schema_migrations records each version applied.
import type { Pool } from 'pg';
import { Migration, MIGRATIONS } from './migrations';
import { inTransaction } from './transaction';

/** Arbitrary, fixed: duban's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 0x64756261; // "duba"

/** Applies what is missing; returns the versions applied now (empty when the schema was current). */
export async function migrate(pool: Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
