// The report files a data folder's store holds, to show that a refused request stored nothing.
import fs from 'node:fs';
import path from 'node:path';

/** Every file under the data folder's reports/, sorted, the upload staging (.staging) left out. */
export function storedReportFiles(dataDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (!dir.includes('.staging')) out.push(path.join(dir, e.name));
    }
  };
  walk(path.join(dataDir, 'reports'));
  return out.sort();
}
