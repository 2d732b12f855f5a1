// 发文字号 in the embedded store: a table in the data folder's SQLite file (document-numbers.db). An immediate
// transaction takes SQLite's write lock before reading the series' last number, so the workers and CLI of one
// host, in one process or several, never take the same number.
import type Database from 'better-sqlite3';
import { openPrivateSqlite } from './sqlite-file';
import { owedTellingOf, tellingColumn, type AllocatedNumber, type DocumentNumbers, type OwedTelling } from '../document-numbers';

interface Row {
  series: string;
  key: string;
  n: number;
  at: string;
}

export class SqliteDocumentNumbers implements DocumentNumbers {
  private readonly db: Database.Database;
  private readonly take: Database.Transaction<(series: string, key: string, at: string) => Row>;

  constructor(file: string) {
    this.db = openPrivateSqlite(file, 10_000);
    this.db.exec(`CREATE TABLE IF NOT EXISTS document_numbers (
      series TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, at TEXT NOT NULL,
      PRIMARY KEY (series, key), UNIQUE (series, n))`);
    // Tables from before the owed tellings get their columns.
    const columns = new Set((this.db.prepare('PRAGMA table_info(document_numbers)').all() as { name: string }[]).map((c) => c.name));
    if (!columns.has('tell')) this.db.exec('ALTER TABLE document_numbers ADD COLUMN tell TEXT');
    if (!columns.has('tell_after')) this.db.exec('ALTER TABLE document_numbers ADD COLUMN tell_after INTEGER');
    this.db.exec('CREATE INDEX IF NOT EXISTS document_numbers_owed ON document_numbers (tell_after) WHERE tell IS NOT NULL');
    const find = this.db.prepare<[string, string], Row>('SELECT series, key, n, at FROM document_numbers WHERE series = ? AND key = ?');
    const last = this.db.prepare<[string], { n: number | null }>('SELECT MAX(n) AS n FROM document_numbers WHERE series = ?');
    const insert = this.db.prepare('INSERT INTO document_numbers (series, key, n, at) VALUES (?, ?, ?, ?)');
    this.take = this.db.transaction((series: string, key: string, at: string): Row => {
      const had = find.get(series, key);
      if (had) return had;
      const n = (last.get(series)?.n ?? 0) + 1;
      insert.run(series, key, n, at);
      return { series, key, n, at };
    });
  }

  async allocate(series: string, key: string, nowMs: number): Promise<AllocatedNumber> {
    return { ...this.take.immediate(series, key, new Date(nowMs).toISOString()) };
  }

  async list(series: string): Promise<AllocatedNumber[]> {
    return this.db.prepare<[string], Row>('SELECT series, key, n, at FROM document_numbers WHERE series = ? ORDER BY n').all(series);
  }

  async owe(t: OwedTelling): Promise<void> {
    this.db
      .prepare(
        `UPDATE document_numbers SET tell = ?, tell_after = CASE WHEN tell IS NULL THEN ? ELSE MIN(tell_after, ?) END
         WHERE series = ? AND key = ?`,
      )
      .run(tellingColumn(t), t.afterMs, t.afterMs, t.series, t.key);
  }

  async owed(nowMs: number, limit: number): Promise<OwedTelling[]> {
    const rows = this.db
      .prepare(
        'SELECT series, key, tell, tell_after FROM document_numbers WHERE tell IS NOT NULL AND tell_after <= ? ORDER BY tell_after LIMIT ?',
      )
      .all(nowMs, limit) as { series: string; key: string; tell: string; tell_after: number }[];
    return rows.map(owedTellingOf);
  }

  async told(t: OwedTelling): Promise<void> {
    this.db
      .prepare('UPDATE document_numbers SET tell = NULL, tell_after = NULL WHERE series = ? AND key = ? AND tell = ?')
      .run(t.series, t.key, tellingColumn(t));
  }

  close(): void {
    this.db.close();
  }
}
