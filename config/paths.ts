// Where duban keeps its local files. Both folders are ignored by git.
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Local persistent state: the dev server's database, mail, the delivery log, reports, local secrets, board accounts. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DUBAN_DATA_DIR || path.join(PROJECT_ROOT, 'data'));
}

/** Submitted reports and their attachments (the ReportStore's root), shared by the worker and the CLI. */
export function reportsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'reports');
}

/** Provisioned binaries (Temporal CLI, test server wrapper). */
export const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'bin');
