// Item-by-item comparison of a drafted plan with a hand-made one: groups, tasks (no, group, title, text),
// responsible and implementing units, every duty (what, from, to, due) and every target. `vague` is not compared.
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function planDifferences(expected: Obj, drafted: Obj): string[] {
  const out: string[] = [];
  const eq = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const check = (where: string, a: unknown, b: unknown) => {
    if (!eq(a, b)) out.push(`${where}: expected ${JSON.stringify(a)}, drafted ${JSON.stringify(b)}`);
  };
  check('groups', expected.groups, drafted.groups);
  check(
    'task numbers',
    expected.tasks.map((t: Obj) => t.no),
    drafted.tasks.map((t: Obj) => t.no),
  );
  for (const e of expected.tasks) {
    const d = drafted.tasks.find((t: Obj) => t.no === e.no);
    if (!d) continue;
    for (const k of ['group', 'title', 'text', 'responsible', 'implementing']) check(`task ${e.no} ${k}`, e[k] ?? [], d[k] ?? []);
    const duties = (t: Obj) => (t.duties ?? []) as Obj[];
    check(
      `task ${e.no} duty ids`,
      duties(e)
        .map((x) => x.id)
        .sort(),
      duties(d)
        .map((x) => x.id)
        .sort(),
    );
    for (const x of duties(e)) {
      const y = duties(d).find((z) => z.id === x.id);
      if (y)
        for (const k of ['what', 'from', 'to', 'cc', 'due'])
          check(`task ${e.no} duty ${x.id} ${k}`, x[k] ?? (k === 'cc' ? [] : 'task'), y[k] ?? (k === 'cc' ? [] : 'task'));
    }
    const targets = (t: Obj) =>
      ((t.targets ?? []) as Obj[]).map((x) => ({
        label: x.label,
        value: x.value,
        unit: x.unit,
        comparator: x.comparator ?? 'at-least',
        reportIn: x.reportIn ?? 'annual',
      }));
    check(`task ${e.no} targets`, targets(e), targets(d));
  }
  return out;
}
