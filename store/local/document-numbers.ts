// 发文字号 in the embedded store: a table in the data folder's SQLite file (document-numbers.db). An immediate
// transaction takes SQLite's write lock before reading the series' last number, so the workers and CLI of one
// host, in one process or several, never take the same number.
import type Database from 'better-sqlite3';
import { openPrivateSqlite } from './sqlite-file';
import type { AllocatedNumber, DocumentNumbers } from '../document-numbers';

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

  close(): void {
    this.db.close();
  }
}
