// What two plan files differ in: groups, tasks, units, duties, dates and targets. Reads plain data (a draft
// whose recurring duties the schema does not know yet compares too); order of units and formatting do not count.
type Obj = Record<string, unknown>;

const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const obj = (x: unknown): Obj => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : {});
const str = (x: unknown): string => (x === undefined || x === null ? '' : typeof x === 'string' ? x : JSON.stringify(x));
const units = (x: unknown): string => (x === 'task' || x === undefined ? 'task' : [...arr(x).map(str)].sort().join('、'));
const show = (x: unknown): string => (x === undefined || x === '' ? '（无）' : typeof x === 'string' ? x : JSON.stringify(x));

/** Chinese lines, one per difference; empty when the two mean the same plan. */
export function diffPlans(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const A = obj(a);
  const B = obj(b);
  for (const k of ['id', 'year', 'title', 'issuer', 'issued', 'supervisor'])
    if (str(A[k]) !== str(B[k])) out.push(`方案 ${k}：${show(A[k])} → ${show(B[k])}`);

  const ga = new Map(arr(A.groups).map((g) => [str(obj(g).id), str(obj(g).title)]));
  const gb = new Map(arr(B.groups).map((g) => [str(obj(g).id), str(obj(g).title)]));
  for (const [id, t] of ga) if (!gb.has(id)) out.push(`任务组 ${id} 仅在前者：${t}`);
  for (const [id, t] of gb) if (!ga.has(id)) out.push(`任务组 ${id} 仅在后者：${t}`);
  for (const [id, t] of ga) if (gb.has(id) && gb.get(id) !== t) out.push(`任务组 ${id} 标题：${t} → ${gb.get(id)}`);

  const ta = new Map(arr(A.tasks).map((t) => [str(obj(t).no), obj(t)]));
  const tb = new Map(arr(B.tasks).map((t) => [str(obj(t).no), obj(t)]));
  for (const [no, t] of ta) if (!tb.has(no)) out.push(`任务${no} 仅在前者：${str(t.title)}`);
  for (const [no, t] of tb) if (!ta.has(no)) out.push(`任务${no} 仅在后者：${str(t.title)}`);
  for (const [no, x] of ta) {
    const y = tb.get(no);
    if (!y) continue;
    for (const k of ['group', 'title', 'text']) if (str(x[k]) !== str(y[k])) out.push(`任务${no} ${k}：${show(x[k])} → ${show(y[k])}`);
    for (const k of ['responsible', 'implementing'])
      if (units(x[k]) !== units(y[k]))
        out.push(`任务${no} ${k === 'responsible' ? '责任单位' : '落实单位'}：${units(x[k])} → ${units(y[k])}`);
    const da = new Map(arr(x.duties).map((d) => [str(obj(d).id), obj(d)]));
    const db = new Map(arr(y.duties).map((d) => [str(obj(d).id), obj(d)]));
    for (const [id, d] of da) if (!db.has(id)) out.push(`任务${no} 报送事项 ${id} 仅在前者：${str(d.what)}（${str(d.due)}）`);
    for (const [id, d] of db) if (!da.has(id)) out.push(`任务${no} 报送事项 ${id} 仅在后者：${str(d.what)}（${str(d.due)}）`);
    for (const [id, d] of da) {
      const e = db.get(id);
      if (!e) continue;
      for (const k of ['what', 'due', 'crossesYear', 'compiledBy'])
        if (str(d[k]) !== str(e[k])) out.push(`任务${no} 报送事项 ${id} ${k}：${show(d[k])} → ${show(e[k])}`);
      for (const k of ['from', 'to', 'cc', 'compiledTo'])
        if (units(d[k] ?? (k === 'from' ? 'task' : [])) !== units(e[k] ?? (k === 'from' ? 'task' : [])))
          out.push(`任务${no} 报送事项 ${id} ${k}：${units(d[k])} → ${units(e[k])}`);
    }
    const key = (t: unknown) => str(obj(t).label);
    const xa = new Map(arr(x.targets).map((t) => [key(t), obj(t)]));
    const xb = new Map(arr(y.targets).map((t) => [key(t), obj(t)]));
    for (const [l, t] of xa) if (!xb.has(l)) out.push(`任务${no} 量化指标仅在前者：${l} ${str(t.value)}${str(t.unit)}`);
    for (const [l, t] of xb) if (!xa.has(l)) out.push(`任务${no} 量化指标仅在后者：${l} ${str(t.value)}${str(t.unit)}`);
    for (const [l, t] of xa) {
      const u = xb.get(l);
      if (
        u &&
        (str(t.value) !== str(u.value) ||
          str(t.unit) !== str(u.unit) ||
          str(t.comparator ?? 'at-least') !== str(u.comparator ?? 'at-least'))
      )
        out.push(`任务${no} 量化指标 ${l}：${str(t.value)}${str(t.unit)} → ${str(u.value)}${str(u.unit)}`);
    }
  }
  return out;
}
