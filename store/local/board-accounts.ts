// The embedded default's board accounts: the YAML file (DUBAN_BOARD_USERS or data/board-users.yaml), as before.
import fs from 'node:fs';
import { BoardUserChange, BoardUser, loadBoardUsers, saveBoardUser } from '../../config/board-users';
import type { BoardAccounts } from '../board-accounts';

export class FileBoardAccounts implements BoardAccounts {
  constructor(readonly file: string) {}

  get where(): string {
    return this.file;
  }

  async all(): Promise<BoardUser[]> {
    return fs.existsSync(this.file) ? loadBoardUsers(this.file) : [];
  }

  async save(change: BoardUserChange): Promise<void> {
    saveBoardUser(this.file, change);
  }
}
