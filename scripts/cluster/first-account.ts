// The first board account on `npm run cluster`: there the board's accounts live in PostgreSQL, not in the accounts
// file, so the account `npm start` makes in the file (password in board-initial-password.txt) is added to the
// database while it has no account yet. Later changes go through `duban board-user` or the board's 账号管理.
import fs from 'node:fs';
import { openStores } from '../../client/stores';

/** Adds the account of `passwordFile` to the database of DUBAN_DATABASE_URL unless it has accounts already. */
export async function ensureFirstAccountInDatabase(passwordFile: string, say: (line: string) => void): Promise<void> {
  const stores = await openStores();
  try {
    const { accounts } = stores.boardAuth();
    if ((await accounts.all()).length) return;
    const text = fs.existsSync(passwordFile) ? fs.readFileSync(passwordFile, 'utf8') : '';
    const username = /用户名 (\S+)/.exec(text)?.[1];
    const password = /密码 (\S+)/.exec(text)?.[1];
    if (!username || !password) {
      say(`警告：数据库中还没有督查看板账号，请用 duban board-user 添加（${accounts.where}）`);
      return;
    }
    await accounts.save({ username, name: '督查员', password });
    say(`已在数据库中创建督查看板账号 ${username}，初始密码见 ${passwordFile}`);
  } finally {
    await stores.close();
  }
}
