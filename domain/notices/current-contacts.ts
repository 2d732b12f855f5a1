// A notice addressed from the escalation chain frozen when its obligation started, brought up to date with the
// directory as it is now: each addressee is looked up by unit and role, and where the current directory has that
// person their name, e-mail, mobile and WeCom account are used. An addressee the directory no longer has keeps
// the frozen one. Pure: the lookup is given.
import type { Person } from '../plan/directory';
import type { Addressee, Notice } from '../obligation/notice';

export type ContactLookup = (unit: string, role: Addressee['role']) => Person | undefined;

export function withCurrentContacts(n: Notice, lookup: ContactLookup): Notice {
  let changed = false;
  const current = (a: Addressee): Addressee => {
    const p = lookup(a.unit, a.role);
    if (!p) return a;
    const next: Addressee = { role: a.role, unit: a.unit, name: p.name, email: p.email };
    if (p.mobile) next.mobile = p.mobile;
    if (p.wecom) next.wecom = p.wecom;
    if (next.name === a.name && next.email === a.email && next.mobile === a.mobile && next.wecom === a.wecom) return a;
    changed = true;
    return next;
  };
  const to = n.to.map(current);
  const cc = n.cc.map(current);
  return changed ? { ...n, to, cc } : n;
}
