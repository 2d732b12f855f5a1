// `duban board-user <username> --name <姓名>`: adds a supervisor to the board's accounts, or sets a new
// password. The password is read from standard input (never an argument: it would stay in shell history).
// --office / --role set the account's offices and role; --disable / --enable stop or allow its logins; with
// those (or --office / --role without --name, or --keep-password), an existing account keeps its password and
// nothing is read. With DUBAN_DATABASE_URL the account is written to the database every web process reads.
import { Command, Option } from 'commander';
import { BOARD_ROLES, BoardRole } from '../config/board-users';
import { saveBoardAccount } from '../client/board-auth';
import { AppError } from '../client/errors';
import { nameOption } from '../client/obligation-input';

export function boardUserCommand(): Command {
  return new Command('board-user')
    .description('添加督查看板账号、重设密码，或设置其发文单位、角色、停用（密码从标准输入读取，以散列保存）')
    .argument('<username>', '用户名（字母、数字、.、_、-）')
    .option('--name <name>', '姓名，记入其操作的事项时间线，如 张三（新账号必填）', nameOption)
    .option('--office <office...>', '账号所属发文单位（方案的 issuer，可多个；* 为全部单位），默认全部')
    .addOption(new Option('--role <role>', '角色：管理员、督查员、只读（默认管理员）').choices([...BOARD_ROLES]))
    .option('--disable', '停用账号（不能再登录，已登录的会话随之失效）')
    .option('--enable', '重新启用账号')
    .option('--keep-password', '不改密码（只改姓名、单位或角色）')
    .option('--file <file>', '账号文件（默认 DUBAN_BOARD_USERS 或 data/board-users.yaml；设置了 DUBAN_DATABASE_URL 时账号存于数据库）')
    .action(async (username: string, o) => {
      if (o.disable && o.enable) throw new AppError('--disable 与 --enable 不能同时使用');
      // Without --name, setting only offices or role keeps the password (a new password comes with --name).
      const keep = o.keepPassword || o.disable || o.enable || (!o.name && (o.office || o.role));
      let password: string | undefined;
      if (!keep) {
        password = (await readStdin()).replace(/\r?\n$/, '');
        if (password.length < 10)
          throw new AppError('密码至少 10 个字符（从标准输入读取，如 read -s P; printf %s "$P" | duban board-user …）');
      }
      const offices: string[] | undefined = o.office;
      let file: string;
      try {
        file = await saveBoardAccount(
          {
            username,
            name: o.name,
            password,
            offices: offices ? (offices.includes('*') ? '*' : offices) : undefined,
            role: o.role as BoardRole | undefined,
            disabled: o.disable ? true : o.enable ? false : undefined,
          },
          o.file,
        );
      } catch (err) {
        if ((err as Error).name === 'StoreUnavailableError') throw err;
        const issue = (err as { issues?: { message: string }[] }).issues?.[0];
        throw new AppError(issue ? issue.message : (err as Error).message);
      }
      if (password !== undefined)
        console.log(`已保存账号 ${username}${o.name ? `（${o.name}）` : ''}到 ${file}；看板立即生效，该账号用旧密码登录的会话随之失效`);
      else {
        const what = o.disable ? '已停用' : o.enable ? '已启用' : '已更新';
        console.log(`${what}账号 ${username}（${file}）；看板立即生效${o.disable ? '，该账号的会话随之失效' : ''}`);
      }
    });
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new AppError('请从标准输入提供密码，如 read -s P; printf %s "$P" | duban board-user …');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
