// Where duban keeps its local files, and how they are protected. Both folders are ignored by git.
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** The data folder and everything in it are this OS user's only: report texts, contacts and secrets live there. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The embedded default's generated secrets (link, session and payload keys), in the data folder. */
export const LOCAL_SECRETS_FILE = 'secrets.json';

/** Persistent state of the embedded default (dev server database, delivery log, reports, mail, secrets). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DUBAN_DATA_DIR || path.join(PROJECT_ROOT, 'data'));
}

/** Submitted reports and their attachments (the ReportStore's root), shared by the worker and the CLI. */
export function reportsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'reports');
}

/** Creates `dir` (and missing parents) readable by this user only. */
export function mkdirPrivate(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * For processes that write into the data folder (npm start, worker, portal, CLI): files they and their
 * children (the dev server's SQLite files, MailDev's mails) create are 0600, folders 0700, whatever the
 * login's umask. Worker threads cannot change the umask; they keep the explicit modes set at each file.
 */
export function restrictUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // not allowed in a worker thread
  }
}

/**
 * Creates the data folder 0700, and takes group/other access away from what an older version left in it. Files
 * come and go while it walks (a dev server's journal, the reports' staging folder, another worker sharing the
 * folder): an entry that is gone between the listing and its stat or chmod is skipped.
 */
export function securePrivateTree(dir: string): void {
  mkdirPrivate(dir);
  const walk = (d: string) => {
    fs.chmodSync(d, PRIVATE_DIR_MODE);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      skipVanished(() => {
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && (fs.statSync(p).mode & 0o077) !== 0) fs.chmodSync(p, PRIVATE_FILE_MODE);
      });
    }
  };
  walk(dir);
}

function skipVanished(step: () => void): void {
  try {
    step();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Provisioned binaries (Temporal CLI, test server wrapper). */
export const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'bin');
