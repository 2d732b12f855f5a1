// The unit directory as it is now on disk, for notices sent to running obligations: a contact changed on the
// board (or by `duban directory import`) reaches the next notice without touching any workflow. Re-read when the
// file changes; a file that is missing or does not pass its check leaves the last good one (or the frozen chain).
import fs from 'node:fs';
import { directorySchema, DirectoryFile } from '../../domain/plan/schema';
import { readYaml, validate } from '../../domain/plan/yaml-source';
import type { ContactLookup } from '../../domain/notices/current-contacts';
import type { Person } from '../../domain/plan/directory';

export function directoryContacts(file: string, warn: (line: string) => void = console.warn): ContactLookup {
  let seen = '';
  let people = new Map<string, Person>();
  const load = () => {
    let stamp: string;
    try {
      const st = fs.statSync(file);
      stamp = `${st.mtimeMs}|${st.size}`;
    } catch {
      return;
    }
    if (stamp === seen) return;
    seen = stamp;
    try {
      const src = readYaml(fs.readFileSync(file, 'utf8'), file);
      people = peopleOf(validate(src, directorySchema));
    } catch (err) {
      warn(
        `[worker] 单位目录 ${file} 未通过校验，通知仍按原联系人发送：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      );
    }
  };
  return (unit, role) => {
    load();
    return people.get(`${unit}\u0000${role}`);
  };
}

function peopleOf(dir: DirectoryFile): Map<string, Person> {
  const out = new Map<string, Person>();
  for (const u of dir.units) {
    out.set(`${u.name}\u0000contact`, u.contact);
    out.set(`${u.name}\u0000leader`, u.leader);
    if (u.supervisor) out.set(`${u.name}\u0000supervisor`, u.supervisor);
  }
  return out;
}
