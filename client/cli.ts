// The `duban` command line. Messages are Chinese; exit codes: 0 ok, 1 failure, 2 bad input.
import { Command, CommanderError } from 'commander';
import { DomainError } from '../domain/errors';
import { registerSearchAttributes } from './search-attributes';
import { connectClient } from './temporal-client';
import { timerCommands } from './timer-commands';
import { UserError } from './user-error';

export function buildProgram(): Command {
  const program = new Command('duban')
    .description('督办：督查工作方案的报送提醒与催办引擎（基于 Temporal）')
    .helpOption('-h, --help', '显示帮助')
    .addHelpCommand('help [command]', '显示某个命令的帮助')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.replace(/^error: /, '错误：')) });

  program.addCommand(timerCommands());
  program
    .command('setup')
    .description('在 TEMPORAL_ADDRESS 指定的集群上注册 duban 的检索属性（可重复运行）')
    .action(async () => {
      const client = await connectClient();
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
  for (const c of cmd.commands) {
    c.exitOverride().helpOption('-h, --help', '显示帮助');
    localize(c);
  }
}

export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UserError) return fail(err.message, 2);
    if (err instanceof DomainError) return fail(err.zh, 2);
    return fail(err instanceof Error ? err.message : String(err), 1);
  }
}

function fail(message: string, code: number): number {
  console.error(`错误：${message}`);
  return code;
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => process.exit(code));
}
