// Unit link versions in PostgreSQL: a revocation on any host applies at once on every other.
import type { Pool } from 'pg';
import type { LinkVersions } from '../link-versions';

export class PgLinkVersions implements LinkVersions {
  constructor(private readonly pool: Pool) {}

  async of(unit: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>('SELECT version FROM unit_link_versions WHERE unit = $1', [unit]);
    return rows[0]?.version ?? 0;
  }

  async all(): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ unit: string; version: number }>('SELECT unit, version FROM unit_link_versions');
    return Object.fromEntries(rows.map((r) => [r.unit, r.version]));
  }

  async revoke(unit: string, by: string, nowMs: number): Promise<number> {
    // One statement: two revocations at once yield two versions, never the same one twice.
    const { rows } = await this.pool.query<{ version: number }>(
      `INSERT INTO unit_link_versions (unit, version, revoked_at, revoked_by) VALUES ($1, 1, $2, $3)
       ON CONFLICT (unit) DO UPDATE SET version = unit_link_versions.version + 1, revoked_at = excluded.revoked_at, revoked_by = excluded.revoked_by
       RETURNING version`,
      [unit, new Date(nowMs), by],
    );
    return rows[0].version;
  }
}
