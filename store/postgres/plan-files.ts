// Plan files in PostgreSQL (table plan_files, migration 5), shared by every host: a web server on another machine
// than the one that imported the plan downloads and starts the same plan. A second save of a name replaces its text.
import type { Pool } from 'pg';
import { PlanFiles, planName } from '../plan-files';

export class PgPlanFiles implements PlanFiles {
  constructor(private readonly pool: Pool) {}

  async put(name: string, text: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO plan_files (name, text, saved_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET text = EXCLUDED.text, saved_at = EXCLUDED.saved_at`,
      [planName(name), text],
    );
  }

  async get(name: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ text: string }>('SELECT text FROM plan_files WHERE name = $1', [planName(name)]);
    return rows[0]?.text;
  }

  async list(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM plan_files ORDER BY name COLLATE "C"');
    return rows.map((r) => r.name);
  }

  async remove(name: string): Promise<void> {
    await this.pool.query('DELETE FROM plan_files WHERE name = $1', [planName(name)]);
  }
}
