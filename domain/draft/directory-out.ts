// The draft directory: the given directory file with every unknown unit and group of the notice added, their
// contacts left empty for a person to fill in. Comments of the given file are kept (yaml Document API).
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { DraftPlan, UnknownUnit } from './draft';

export function draftDirectory(unknown: UnknownUnit[], plan: DraftPlan, baseText?: string): string {
  const doc = parseDocument(
    baseText ??
      [
        '# 单位名录草稿：由 duban plan draft 根据通知生成，请补全每个单位的联系人、邮箱和分组成员。',
        'defaults:',
        `  government: ${JSON.stringify(plan.approvedBy ?? '（请填写本级政府）')}`,
        '  parentGovernment: "（请填写上级政府）"',
        `  judicialBureau: ${JSON.stringify(plan.supervisor || '（请填写同级司法行政部门）')}`,
        `  escalatesTo: ${JSON.stringify(plan.supervisor || '（请填写督办单位）')}`,
        'units: []',
        'recipients: []',
        'groups: []',
        '',
      ].join('\n'),
  );
  const seq = (key: string): YAMLSeq => {
    let s = doc.get(key, true);
    if (!isSeq(s)) {
      s = doc.createNode([]) as YAMLSeq;
      doc.set(key, s);
    }
    return s as YAMLSeq;
  };
  const codes = new Set<string>();
  for (const u of (doc.toJS() as { units?: { code?: string }[] } | null)?.units ?? []) if (u?.code) codes.add(u.code);
  let n = 0;
  const nextCode = () => {
    do n++;
    while (codes.has(`unit-${n}`));
    codes.add(`unit-${n}`);
    return `unit-${n}`;
  };
  const units = seq('units');
  const groups = seq('groups');
  for (const u of unknown) {
    if (u.group) {
      const node = doc.createNode({ name: u.name, members: [] }) as YAMLMap;
      node.commentBefore = ` 通知第${u.line}行：请列出成员单位`;
      groups.items.push(node);
      continue;
    }
    const node = doc.createNode({
      name: u.name,
      code: nextCode(),
      kind: /(?:区|县|市)(?:人民政府|政府)?$/.test(u.name) && !/^市/.test(u.name) ? 'county' : 'department',
      contact: { name: '', email: '' },
      leader: { name: '', email: '' },
    }) as YAMLMap;
    node.commentBefore = ` 通知第${u.line}行${u.suggestion ? `（名录中有相近的“${u.suggestion}”）` : ''}：请填写代码、联系人和分管领导`;
    for (const p of node.items) if (isMap(p.value)) p.value.flow = true;
    units.items.push(node);
  }
  if (units.items.length) units.flow = false;
  if (groups.items.length) groups.flow = false;
  return doc.toString({ lineWidth: 0 });
}
