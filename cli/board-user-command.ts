// `duban board-user <username> --name <姓名>`: adds a supervisor to the board's accounts, or sets a new
// password. The password is read from standard input (never an argument: it would stay in shell history).
import { Command } from 'commander';
import { boardUsersFile, saveBoardUser } from '../config/board-users';
import { AppError } from '../app/errors';
import { nameOption } from '../app/obligation-input';

export function boardUserCommand(): Command {
  return new Command('board-user')
    .description('添加督查看板账号或重设密码（密码从标准输入读取，以散列保存）')
    .argument('<username>', '用户名（字母、数字、.、_、-）')
    .requiredOption('--name <name>', '姓名，记入其操作的事项时间线，如 张三', nameOption)
    .option('--file <file>', '账号文件（默认 DUBAN_BOARD_USERS 或 data/board-users.yaml）')
    .action(async (username: string, o) => {
      const password = (await readStdin()).replace(/\r?\n$/, '');
      if (password.length < 10)
        throw new AppError('密码至少 10 个字符（从标准输入读取，如 read -s P; printf %s "$P" | duban board-user …）');
      const file = o.file ?? boardUsersFile();
      try {
        saveBoardUser(file, { username, name: o.name, password });
      } catch (err) {
        const issue = (err as { issues?: { message: string }[] }).issues?.[0];
        throw new AppError(issue ? issue.message : (err as Error).message);
      }
      console.log(`已保存账号 ${username}（${o.name}）到 ${file}；看板立即生效，该账号用旧密码登录的会话随之失效`);
    });
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new AppError('请从标准输入提供密码，如 read -s P; printf %s "$P" | duban board-user …');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
