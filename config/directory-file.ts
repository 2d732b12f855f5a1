// Where the office's unit directory lives: DUBAN_DIRECTORY, or the shipped plans/directory.yaml. The worker sends
// notices to its current contacts; the board's 通讯录 page saves into it; calendar.yaml sits beside it.
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

export function directoryFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.DUBAN_DIRECTORY ? path.resolve(env.DUBAN_DIRECTORY) : path.join(PROJECT_ROOT, 'plans', 'directory.yaml');
}
