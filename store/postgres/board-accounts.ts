// Board accounts in PostgreSQL (board_accounts, migration 6): `duban board-user` on any host and every web process
// read and write the same rows. A change is made under the row's lock, so two changes at once are applied in turn.
import type { Pool } from 'pg';
import { BoardUser, BoardUserChange, boardUsersSchema, changedBoardUser } from '../../config/board-users';
import type { BoardAccounts } from '../board-accounts';
import { inTransaction } from './transaction';

interface Row {
  username: string;
  name: string;
  password_hash: string;
  offices: string[] | '*' | null;
  role: BoardUser['role'] | null;
  disabled: boolean;
}

const userOf = (r: Row): BoardUser => ({
  username: r.username,
  name: r.name,
  passwordHash: r.password_hash,
  ...(r.offices ? { offices: r.offices } : {}),
  ...(r.role ? { role: r.role } : {}),
  ...(r.disabled ? { disabled: true } : {}),
});

const COLUMNS = 'username, name, password_hash, offices, role, disabled';

/** Writes `u` as it is (a copied account keeps its hash); `onlyNew` leaves an account the database has alone. */
export async function putBoardAccount(pool: Pick<Pool, 'query'>, u: BoardUser, onlyNew = false): Promise<void> {
  await pool.query(
    `INSERT INTO board_accounts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO ${
       onlyNew
         ? 'NOTHING'
         : `UPDATE SET name = excluded.name, password_hash = excluded.password_hash, offices = excluded.offices,
            role = excluded.role, disabled = excluded.disabled, updated_at = now()`
     }`,
    [u.username, u.name, u.passwordHash, u.offices === undefined ? null : JSON.stringify(u.offices), u.role ?? null, !!u.disabled],
  );
}

export class PgBoardAccounts implements BoardAccounts {
  constructor(
    private readonly pool: Pool,
    readonly where: string,
  ) {}

  async all(): Promise<BoardUser[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM board_accounts ORDER BY created_at, username`);
    const users = rows.map(userOf);
    return users.length ? boardUsersSchema.parse({ users }).users : [];
  }

  async save(change: BoardUserChange): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM board_accounts WHERE username = $1 FOR UPDATE`, [change.username]);
      await putBoardAccount(client, changedBoardUser(rows[0] && userOf(rows[0]), change));
    });
  }
}
