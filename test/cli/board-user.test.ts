// `duban board-user`: accounts for the supervisor board, passwords from stdin and stored only as hashes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duban } from '../helpers/processes';
import { loadBoardUsers } from '../../config/board-users';
import { verifyPassword } from '../../config/passwords';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-users-')), 'board-users.yaml');

test('adds a supervisor, then sets a new password; the file holds hashes only', async () => {
  const added = await duban(['board-user', 'zhang', '--name', '张督查', '--file', file], {}, 'first-password-1\n');
  expect(added.code).toBe(0);
  expect(added.stdout.trim()).toBe(`已保存账号 zhang（张督查）到 ${file}；看板立即生效，该账号用旧密码登录的会话随之失效`);
  await duban(['board-user', 'li', '--name', '李科长', '--file', file], {}, 'li-password-22');
  const reset = await duban(['board-user', 'zhang', '--name', '张督查', '--file', file], {}, 'second-password-2');
  expect(reset.code).toBe(0);

  const users = loadBoardUsers(file);
  expect(users.map((u) => [u.username, u.name])).toEqual([
    ['li', '李科长'],
    ['zhang', '张督查'],
  ]);
  const zhang = users.find((u) => u.username === 'zhang')!;
  await expect(verifyPassword('second-password-2', zhang.passwordHash)).resolves.toBe(true);
  await expect(verifyPassword('first-password-1', zhang.passwordHash)).resolves.toBe(false);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).not.toContain('password-');
  expect(fs.statSync(file).mode & 0o077).toBe(0);
}, 30_000);

test('refuses a short password and a bad username, changing nothing', async () => {
  const before = fs.readFileSync(file, 'utf8');
  const short = await duban(['board-user', 'wang', '--name', '王', '--file', file], {}, 'short');
  expect(short.code).toBe(2);
  expect(short.stderr.trim()).toBe('错误：密码至少 10 个字符（从标准输入读取，如 read -s P; printf %s "$P" | duban board-user …）');
  const bad = await duban(['board-user', '王五', '--name', '王五', '--file', file], {}, 'long-enough-password');
  expect(bad.code).toBe(2);
  expect(bad.stderr.trim()).toBe('错误：用户名只能包含字母、数字、.、_、-（2–64 位）');
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
}, 30_000);

test('a users file with a clear-text password is refused with its path and field', () => {
  const bad = path.join(path.dirname(file), 'bad.yaml');
  fs.writeFileSync(bad, 'users:\n  - { username: zhang, name: 张, passwordHash: "123456" }\n');
  expect(() => loadBoardUsers(bad)).toThrow(
    `督查看板账号文件 ${bad} 有误：users.0.passwordHash：密码须以散列保存（用 duban board-user 生成）`,
  );
});
