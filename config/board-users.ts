// Supervisors who may log into the board, from a YAML file named by DUBAN_BOARD_USERS (default
// data/board-users.yaml): username, display name (recorded in timelines) and scrypt password hash.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { dataDir, mkdirPrivate } from './paths';
import { hashPassword, randomPassword } from './passwords';
import { MAX_NAME_CHARS, MAX_USERNAME_CHARS } from '../domain/obligation/limits';

export const BOARD_ROLES = ['管理员', '督查员', '只读'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];

const userSchema = z.object({
  username: z
    .string()
    .regex(new RegExp(`^[A-Za-z0-9._-]{2,${MAX_USERNAME_CHARS}}$`), `用户名只能包含字母、数字、.、_、-（2–${MAX_USERNAME_CHARS} 位）`),
  name: z.string().trim().min(1, '请填写姓名').max(MAX_NAME_CHARS, `姓名不能超过 ${MAX_NAME_CHARS} 个字`),
  passwordHash: z.string().startsWith('scrypt$', '密码须以散列保存（用 duban board-user 生成）'),
  /** The issuing offices whose plans the account sees (a plan's `issuer`), or '*' for all; absent: all. */
  offices: z
    .union([z.literal('*'), z.array(z.string().trim().min(1, '科室名称不能为空').max(MAX_NAME_CHARS)).min(1, '至少一个发文单位').max(200)])
    .optional(),
  /** 管理员 manages accounts and plans; 督查员 reviews, returns, extends, starts 回头看; 只读 sees only. Absent: 管理员. */
  role: z.enum(BOARD_ROLES, { error: `角色应为 ${BOARD_ROLES.join('、')} 之一` }).optional(),
  /** A disabled account cannot log in; its sessions end. */
  disabled: z.boolean().optional(),
});
const fileSchema = z.object({ users: z.array(userSchema).min(1, '至少需要一个账号') });

export type BoardUser = z.infer<typeof userSchema>;

export function boardUsersFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DUBAN_BOARD_USERS || path.join(dataDir(env), 'board-users.yaml'));
}

/** Reads the users file; a bad file is refused with its path and the first problem. */
export function loadBoardUsers(file: string): BoardUser[] {
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`无法读取督查看板账号文件 ${file}：${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`督查看板账号文件 ${file} 有误：${issue.path.join('.') || '(根)'}：${issue.message}`);
  }
  const names = new Set<string>();
  for (const u of parsed.data.users) {
    if (names.has(u.username)) throw new Error(`督查看板账号文件 ${file} 有误：用户名 ${u.username} 重复`);
    names.add(u.username);
  }
  return parsed.data.users;
}

/**
 * The accounts as the file holds them now: re-read whenever the file changes, so an added account or a
 * new password applies without a restart. A file that becomes invalid keeps the last good accounts (and
 * says so once on stderr, without its contents).
 */
export function watchedBoardUsers(file: string, initial = loadBoardUsers(file)): () => BoardUser[] {
  let users = initial;
  let seen = fileVersion(file);
  let warned = '';
  return () => {
    const now = fileVersion(file);
    if (now === seen) return users;
    try {
      users = loadBoardUsers(file);
      seen = now;
      warned = '';
    } catch (err) {
      if (warned !== now) console.error(`[web] ${(err as Error).message}；继续使用原有账号`);
      warned = now;
    }
    return users;
  };
}

function fileVersion(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** One account's change: a new account needs a name and a password; what is not given keeps its value. */
export interface BoardUserChange {
  username: string;
  name?: string;
  password?: string;
  offices?: string[] | '*';
  role?: BoardRole;
  disabled?: boolean;
}

/** The account after `change` (checked, its password hashed), wherever accounts are kept. */
export function changedBoardUser(before: BoardUser | undefined, change: BoardUserChange): BoardUser {
  if (!before && change.password === undefined) throw new Error(`没有账号 ${change.username}：新账号须提供密码`);
  const name = change.name ?? before?.name;
  if (!name) throw new Error('请填写姓名');
  const offices = change.offices ?? before?.offices;
  const role = change.role ?? before?.role;
  const disabled = change.disabled ?? before?.disabled;
  return userSchema.parse({
    username: change.username,
    name,
    passwordHash: change.password !== undefined ? hashPassword(change.password) : before!.passwordHash,
    ...(offices ? { offices } : {}),
    ...(role ? { role } : {}),
    ...(disabled ? { disabled } : {}),
  });
}

/** Checks accounts read from elsewhere (the database, or a file being copied) as the file's are checked. */
export const boardUsersSchema = fileSchema;

/** Adds or replaces one user in the file (creating it), keeping the others. */
export function saveBoardUser(file: string, user: BoardUserChange): void {
  const all = fs.existsSync(file) ? loadBoardUsers(file) : [];
  const entry = changedBoardUser(
    all.find((u) => u.username === user.username),
    user,
  );
  const users = all.filter((u) => u.username !== user.username);
  users.push(entry);
  mkdirPrivate(path.dirname(file));
  fs.writeFileSync(file, '# 督查看板账号（密码为 scrypt 散列）。用 duban board-user 添加或重设。\n' + YAML.stringify({ users }), {
    mode: 0o600,
  });
  fs.chmodSync(file, 0o600); // mode applies only to a new file
}

/** The account's role: 管理员 when the file names none (accounts made before roles keep full rights). */
export const roleOf = (u: BoardUser): BoardRole => u.role ?? '管理员';

/** Whether the account sees every office's plans (no offices named, or '*'). */
export const seesAllOffices = (u: BoardUser): boolean => u.offices === undefined || u.offices === '*' || u.offices.includes('*');

/** Whether the account sees the plans of this issuing office. */
export const seesOffice = (u: BoardUser, office: string | undefined): boolean =>
  seesAllOffices(u) || (office !== undefined && (u.offices as string[]).includes(office));

/**
 * The embedded default's first account: created once with a random password, which is written
 * next to the users file (readable by this OS user only) so the newcomer can log in.
 */
export function ensureDemoUser(file: string): { username: string; passwordFile: string; created: boolean } {
  const passwordFile = path.join(path.dirname(file), 'board-initial-password.txt');
  if (fs.existsSync(file)) return { username: loadBoardUsers(file)[0].username, passwordFile, created: false };
  const password = randomPassword();
  saveBoardUser(file, { username: 'duban', name: '督查员', password });
  fs.writeFileSync(passwordFile, `用户名 duban\n密码 ${password}\n`, { mode: 0o600 });
  return { username: 'duban', passwordFile, created: true };
}
