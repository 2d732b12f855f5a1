// The `duban` command line. Messages are Chinese; exit codes: 0 ok, 1 failure, 2 bad input.
import { Command, CommanderError } from 'commander';
import { DomainError } from '../domain/errors';
import { registerSearchAttributes } from '../client/search-attributes';
import { connectClient } from '../client/temporal-client';
import { planCommands } from './plan-commands';
import { ExitStatus } from './plan-draft-command';
import { simulateCommand } from './simulate-command';
import { planRunCommands } from './plan-run-commands';
import { obligationCommands } from './obligation-commands';
import { boardUserCommand } from './board-user-command';
import { unitLinkCommand } from './unit-link-command';
import { receiptCommand } from './receipt-command';
import { scoreCommand } from './score-command';
import { docCommand } from './doc-command';
import { directoryCommand } from './directory-command';
import { calendarCommand } from './calendar-command';
import { storeCommand } from './store-command';
import { formatIssue, PlanFileError } from '../domain/plan/issues';
import { AppError, Refused } from '../client/errors';
import { restrictUmask } from '../config/paths';

export function buildProgram(): Command {
  const program = new Command('duban')
    .description('督办：督查工作方案的报送提醒与催办引擎（基于 Temporal）')
    .helpOption('-h, --help', '显示帮助')
    .addHelpCommand('help [command]', '显示某个命令的帮助')
    .exitOverride();

  for (const c of planRunCommands()) program.addCommand(c);
  for (const c of obligationCommands()) program.addCommand(c);
  program.addCommand(planCommands());
  program.addCommand(simulateCommand());
  program.addCommand(boardUserCommand());
  program.addCommand(unitLinkCommand());
  program.addCommand(receiptCommand());
  program.addCommand(scoreCommand());
  program.addCommand(docCommand());
  program.addCommand(directoryCommand());
  program.addCommand(calendarCommand());
  program.addCommand(storeCommand());
  program
    .command('setup')
    .description('在 TEMPORAL_ADDRESS 指定的集群上注册 duban 的检索属性（可重复运行）')
    .action(async () => {
      const client = await connectClient({ payloads: false });
      try {
        const added = await registerSearchAttributes(client.connection, client.options.namespace);
        console.log(added.length ? `已注册检索属性：${added.join(', ')}` : '检索属性均已存在，无需注册');
      } finally {
        await client.connection.close();
      }
    });
  localize(program);
  return program;
}

/** Every (sub)command: exits through run() and shows its help flag in Chinese. */
function localize(cmd: Command): void {
  cmd.configureOutput({ outputError: (str, write) => write(translateCommanderError(str)) });
  for (const c of cmd.commands) {
    c.exitOverride().helpOption('-h, --help', '显示帮助');
    if (c.commands.length) c.helpCommand('help [command]', '显示某个命令的帮助');
    localize(c);
  }
}

/** Commander's usage errors, in Chinese. */
export function translateCommanderError(message: string): string {
  const rules: [RegExp, string][] = [
    [/^error: required option '(.+)' not specified/, '错误：缺少必填选项 $1'],
    [/^error: option '(.+)' argument missing/, '错误：选项 $1 缺少取值'],
    [/^error: unknown option '(.+)'/, '错误：未知选项 $1'],
    [/^error: unknown command '(.+)'/, '错误：未知命令 $1'],
    [/^error: missing required argument '(.+)'/, '错误：缺少参数 $1'],
    [/^error: too many arguments.*/, '错误：参数过多'],
    [/^error: /, '错误：'],
  ];
  const hint = (m: string) => m.replace(/\(Did you mean (.+)\?\)/, '（是否要输入 $1？）');
  for (const [re, zh] of rules) if (re.test(message)) return hint(message.replace(re, zh));
  return hint(message);
}

export async function run(argv: string[]): Promise<number> {
  restrictUmask(); // attachments and account files it writes are this user's only
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ExitStatus) return err.code;
    if (err instanceof AppError) return fail(err.message, err.exitCode);
    if (err instanceof DomainError) return fail(err.zh, new Refused(err.zh).exitCode); // the work's own rules said no
    if (err instanceof PlanFileError) {
      for (const i of err.issues) console.error(formatIssue(i));
      console.error(`错误：文件有 ${err.issues.length} 处问题，未通过校验`);
      return 1;
    }
    return fail(err instanceof Error ? err.message : String(err), 1);
  }
}

function fail(message: string, code: number): number {
  console.error(`错误：${message}`);
  return code;
}

if (require.main === module) {
  // run() catches every error and answers an exit code, so the promise never rejects: nothing to await here.
  void run(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
}
