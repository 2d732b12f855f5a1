// Where the office's unit directory lives: DUBAN_DIRECTORY, or the shipped plans/directory.yaml. The worker sends
// notices to its current contacts; the board's 通讯录 page saves into it; calendar.yaml sits beside it. Said
// relative to the working folder when it lies inside it (as messages show it), absolute otherwise.
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

export function directoryFile(env: NodeJS.ProcessEnv = process.env): string {
  const file = path.resolve(env.DUBAN_DIRECTORY || path.join(PROJECT_ROOT, 'plans', 'directory.yaml'));
  const inside = path.relative(process.cwd(), file);
  return inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? inside : file;
}
