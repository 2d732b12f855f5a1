// duban's PostgreSQL schema, as versioned steps applied in order at start (see migrate.ts). Never edit a
// step that has shipped: add the next one.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'delivery log, digest outbox, report store, unit link versions',
    sql: `
      CREATE TABLE deliveries (
        key TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, message_id TEXT,
        recipients TEXT NOT NULL, cc TEXT, rejected TEXT, via TEXT, at TEXT NOT NULL, error TEXT,
        PRIMARY KEY (key, channel));
      CREATE TABLE outbox (
        key TEXT PRIMARY KEY, batch TEXT NOT NULL, notice TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending', claimed_at BIGINT, reason TEXT);
      CREATE INDEX outbox_batch ON outbox (batch, state);
      CREATE TABLE reports (
        path TEXT PRIMARY KEY, obligation TEXT NOT NULL, sha256 TEXT NOT NULL, body BYTEA NOT NULL,
        stored_at TIMESTAMPTZ NOT NULL DEFAULT now());
      CREATE TABLE attachments (
        obligation TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, size BIGINT NOT NULL, content BYTEA NOT NULL,
        stored_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (obligation, name));
      CREATE TABLE unit_link_versions (
        unit TEXT PRIMARY KEY, version INTEGER NOT NULL, revoked_at TIMESTAMPTZ NOT NULL, revoked_by TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'sends in progress (one attempt per key at a time, across hosts)',
    sql: `
      CREATE TABLE sending (
        key TEXT NOT NULL, channel TEXT NOT NULL, token TEXT NOT NULL, since BIGINT NOT NULL, PRIMARY KEY (key, channel));
    `,
  },
  {
    version: 3,
    name: "the outbox as the sender's queue: owner, window, attempts, what the obligation must be told",
    sql: `
      ALTER TABLE outbox ADD COLUMN workflow_id TEXT;
      ALTER TABLE outbox ADD COLUMN ready_at BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN tell TEXT;
      CREATE INDEX outbox_ready ON outbox (state, ready_at);
      CREATE INDEX outbox_tell ON outbox (tell) WHERE tell IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: '发文字号: a counter per issuer and year, and each number with what it was allocated for',
    sql: `
      CREATE TABLE document_series (series TEXT PRIMARY KEY, last INTEGER NOT NULL);
      CREATE TABLE document_numbers (
        series TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (series, key), UNIQUE (series, n));
    `,
  },
  {
    version: 5,
    name: "saved plan files (the board's 导入方案), by plan id",
    sql: `
      CREATE TABLE plan_files (name TEXT PRIMARY KEY, text TEXT NOT NULL, saved_at TIMESTAMPTZ NOT NULL DEFAULT now());
    `,
  },
  {
    version: 6,
    name: 'board accounts, sessions (id hashed) and login counts, shared by every web process',
    sql: `
      CREATE TABLE board_accounts (
        username TEXT PRIMARY KEY, name TEXT NOT NULL, password_hash TEXT NOT NULL, offices JSONB, role TEXT,
        disabled BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now());
      CREATE TABLE board_sessions (
        id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, stamp TEXT NOT NULL, expires_ms BIGINT NOT NULL);
      CREATE INDEX board_sessions_expiry ON board_sessions (expires_ms);
      CREATE TABLE login_attempts (key TEXT PRIMARY KEY, hits BIGINT[] NOT NULL, last_ms BIGINT NOT NULL);
      CREATE INDEX login_attempts_age ON login_attempts (last_ms);
    `,
  },
  {
    version: 7,
    name: "the timeline line a mailed document's obligations are owed, on its number's row",
    sql: `
      ALTER TABLE document_numbers ADD COLUMN tell TEXT;
      ALTER TABLE document_numbers ADD COLUMN tell_after BIGINT;
      CREATE INDEX document_numbers_owed ON document_numbers (tell_after) WHERE tell IS NOT NULL;
    `,
  },
];
