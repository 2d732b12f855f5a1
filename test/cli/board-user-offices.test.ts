// `duban board-user` sets an account's offices and role and disables it, keeping its password; an account
// without these fields keeps full rights over every office; a bad role is refused in Chinese.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duban } from '../helpers/processes';
import { loadBoardUsers, roleOf, seesAllOffices, seesOffice } from '../../config/board-users';
import { verifyPassword } from '../../config/passwords';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-users-')), 'board-users.yaml');

test('offices, role and disabling, set and changed without touching the password', async () => {
  const added = await duban(['board-user', 'zhao', '--name', '赵督查', '--file', file], {}, 'zhao-password-1');
  expect(added.code).toBe(0);
  let zhao = loadBoardUsers(file)[0];
  expect([roleOf(zhao), seesAllOffices(zhao)]).toEqual(['管理员', true]); // as before roles existed

  const set = await duban(['board-user', 'zhao', '--office', '台山市司法局', '开平市司法局', '--role', '只读', '--file', file], {});
  expect([set.code, set.stdout.trim()]).toEqual([0, `已更新账号 zhao（${file}）；看板立即生效`]);
  zhao = loadBoardUsers(file)[0];
  expect(zhao.offices).toEqual(['台山市司法局', '开平市司法局']);
  expect([roleOf(zhao), seesOffice(zhao, '开平市司法局'), seesOffice(zhao, '江门市司法局')]).toEqual(['只读', true, false]);
  await expect(verifyPassword('zhao-password-1', zhao.passwordHash)).resolves.toBe(true);

  const off = await duban(['board-user', 'zhao', '--disable', '--file', file], {});
  expect(off.stdout.trim()).toBe(`已停用账号 zhao（${file}）；看板立即生效，该账号的会话随之失效`);
  expect(loadBoardUsers(file)[0]).toMatchObject({ disabled: true, role: '只读' });
  await duban(['board-user', 'zhao', '--enable', '--office', '*', '--file', file], {});
  zhao = loadBoardUsers(file)[0];
  expect([zhao.disabled, seesAllOffices(zhao)]).toEqual([undefined, true]);

  const bad = await duban(['board-user', 'zhao', '--role', '科长', '--keep-password', '--file', file], {});
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('管理员');
  const unknown = await duban(['board-user', 'nobody', '--disable', '--file', file], {});
  expect([unknown.code, unknown.stderr.trim()]).toEqual([2, '错误：没有账号 nobody：新账号须提供密码']);
}, 60_000);
