// 发文字号 in PostgreSQL, shared by every host: the series' row is locked (SELECT … FOR UPDATE on its counter)
// while the next number is taken, so concurrent issues queue on it and get consecutive numbers; a key asked
// again finds its row.
import type { Pool } from 'pg';
import { owedTellingOf, tellingColumn, type AllocatedNumber, type DocumentNumbers, type OwedTelling } from '../document-numbers';

interface Row {
  series: string;
  key: string;
  n: number;
  at: Date;
}

const out = (r: Row): AllocatedNumber => ({ series: r.series, key: r.key, n: r.n, at: r.at.toISOString() });

export class PgDocumentNumbers implements DocumentNumbers {
  constructor(private readonly pool: Pool) {}

  async allocate(series: string, key: string, nowMs: number): Promise<AllocatedNumber> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The counter row exists once; taking its lock serialises allocations of the series.
      await client.query('INSERT INTO document_series (series, last) VALUES ($1, 0) ON CONFLICT (series) DO NOTHING', [series]);
      const { rows: counter } = await client.query<{ last: number }>('SELECT last FROM document_series WHERE series = $1 FOR UPDATE', [
        series,
      ]);
      const had = await client.query<Row>('SELECT series, key, n, at FROM document_numbers WHERE series = $1 AND key = $2', [series, key]);
      if (had.rows[0]) {
        await client.query('COMMIT');
        return out(had.rows[0]);
      }
      const n = counter[0].last + 1;
      await client.query('UPDATE document_series SET last = $2 WHERE series = $1', [series, n]);
      const { rows } = await client.query<Row>(
        'INSERT INTO document_numbers (series, key, n, at) VALUES ($1, $2, $3, $4) RETURNING series, key, n, at',
        [series, key, n, new Date(nowMs)],
      );
      await client.query('COMMIT');
      return out(rows[0]);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async list(series: string): Promise<AllocatedNumber[]> {
    const { rows } = await this.pool.query<Row>('SELECT series, key, n, at FROM document_numbers WHERE series = $1 ORDER BY n', [series]);
    return rows.map(out);
  }

  async owe(t: OwedTelling): Promise<void> {
    await this.pool.query(
      `UPDATE document_numbers SET tell = $1, tell_after = CASE WHEN tell IS NULL THEN $2 ELSE LEAST(tell_after, $2) END
       WHERE series = $3 AND key = $4`,
      [tellingColumn(t), t.afterMs, t.series, t.key],
    );
  }

  async owed(nowMs: number, limit: number): Promise<OwedTelling[]> {
    const { rows } = await this.pool.query<{ series: string; key: string; tell: string; tell_after: string }>(
      'SELECT series, key, tell, tell_after FROM document_numbers WHERE tell IS NOT NULL AND tell_after <= $1 ORDER BY tell_after LIMIT $2',
      [nowMs, limit],
    );
    return rows.map(owedTellingOf);
  }

  async told(t: OwedTelling): Promise<void> {
    await this.pool.query('UPDATE document_numbers SET tell = NULL, tell_after = NULL WHERE series = $1 AND key = $2 AND tell = $3', [
      t.series,
      t.key,
      tellingColumn(t),
    ]);
  }
}
