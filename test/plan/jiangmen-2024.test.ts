// The shipped plan is a faithful transcription of the Jiangmen 2024 notice, and expands as the notice says.
import { loadShipped, noticeText } from '../helpers/plan-files';

const loaded = loadShipped();
const { plan, obligations } = loaded;
/** The notice joins lines without spaces; compare texts the same way. */
const inNotice = (s: string) => noticeText.includes(s);

describe('the transcription', () => {
  test('has the notice’s header: issuer, issue date, title, year-end goal', () => {
    expect(plan).toMatchObject({
      id: 'jiangmen-2024',
      year: 2024,
      issuer: '江门市司法局',
      issued: '2024-05-15',
      title: '江门市2024年度行政执法监督工作方案',
    });
    expect(plan.goal?.due).toBe('2024-12-31');
    expect(inNotice(plan.goal!.text)).toBe(true);
    expect(inNotice(plan.preamble!)).toBe(true);
  });

  test('has all 5 groups and all 17 tasks in order, each text and 【】 assignment verbatim', () => {
    expect(plan.groups.map((g) => g.id)).toEqual(['一', '二', '三', '四', '五']);
    expect(plan.tasks.map((t) => t.no)).toEqual([...Array(17)].map((_, i) => i + 1));
    for (const t of plan.tasks) {
      expect(inNotice(`\n${t.no}.${t.text}【${t.assignment}】`)).toBe(true);
      // The responsible and implementing lists are exactly the bracket's names.
      const [resp, impl] = t.assignment!.split(',');
      expect(resp.replace(/按职责(分工)?负责$/, '').split('、')).toEqual(t.responsible);
      expect([impl.replace(/落实$/, '')]).toEqual(t.implementing);
    }
    expect(plan.tasks.map((t) => t.group).join('')).toBe('一一一一二二二三三三四四四五五五五');
  });

  test('every quoted source sentence and vague wording is in the notice', () => {
    const quotes = plan.tasks.flatMap((t) => [
      ...t.duties.map((d) => d.quote),
      ...t.targets.map((g) => g.quote),
      ...t.vague.map((v) => v.wording),
    ]);
    expect(quotes.length).toBeGreaterThan(10);
    for (const q of quotes) expect(inNotice(q!)).toBe(true);
  });

  test('records the quantitative targets of tasks 5, 8 and 9', () => {
    const targets = Object.fromEntries(plan.tasks.map((t) => [t.no, t.targets.map((g) => [g.id, g.value, g.unit])]));
    expect(targets[5]).toEqual([['training-hours', 60, '学时']]);
    expect(targets[8]).toEqual([
      ['local-standards', 4, '个'],
      ['normative-documents', 12, '个'],
      ['self-standards', 9, '个'],
    ]);
    expect(targets[9]).toEqual([['first-batch-items', 552, '项']]);
  });
});

describe('the dated duties, each with its exact due instant (Beijing time)', () => {
  const dueOf = (task: number, duty: string) => [
    ...new Set(obligations.filter((o) => o.task === task && o.dutyId === duty).map((o) => o.due)),
  ];

  test('task 14: end of May and end of November, from the municipal law-enforcement departments to 市司法局', () => {
    expect(dueOf(14, 'may')).toEqual(['2024-05-31T23:59:59+08:00']);
    expect(dueOf(14, 'nov')).toEqual(['2024-11-30T23:59:59+08:00']);
    const may = obligations.filter((o) => o.round === 'jiangmen-2024.t14.may');
    expect(may).toHaveLength(17);
    expect(new Set(may.map((o) => o.to.join()))).toEqual(new Set(['市司法局']));
    expect(may.every((o) => o.compiledBy === '市司法局')).toBe(true);
    expect(may.map((o) => o.unit)).not.toContain('蓬江区');
  });
  test('task 5: mid-term evaluation by the end of August', () => {
    expect(dueOf(5, 'midterm')).toEqual(['2024-08-31T23:59:59+08:00']);
  });
  test('tasks 15 and 16: rectification finished by 2024-10-20', () => {
    expect(dueOf(15, 'rectify')).toEqual(['2024-10-20T23:59:59+08:00']);
    expect(dueOf(16, 'rectify')).toEqual(['2024-10-20T23:59:59+08:00']);
  });
  test('task 17: by 2024-10-15, to the unit’s own and the higher government, copied to the judicial bureau', () => {
    expect(dueOf(17, 'cleanup')).toEqual(['2024-10-15T23:59:59+08:00']);
    const police = obligations.find((o) => o.id === 'jiangmen-2024.t17.cleanup.gaj')!;
    expect([police.to, police.cc]).toEqual([['江门市人民政府', '广东省人民政府'], ['市司法局']]);
    // A county government is its own government: it reports up to the city, copied to its judicial bureau.
    const taishan = obligations.find((o) => o.id === 'jiangmen-2024.t17.cleanup.taishan')!;
    expect([taishan.to, taishan.cc]).toEqual([['江门市人民政府'], ['台山市司法局']]);
  });
  test('everything else: year end', () => {
    const dated = new Set(['14.may', '14.nov', '5.midterm', '15.rectify', '16.rectify', '17.cleanup']);
    const rest = obligations.filter((o) => !dated.has(`${o.task}.${o.dutyId}`));
    expect(new Set(rest.map((o) => o.due))).toEqual(new Set(['2024-12-31T23:59:59+08:00']));
  });
});

describe('expansion', () => {
  const count = (task: number) => obligations.filter((o) => o.task === task).length;

  test('counts per task follow the assignments (17 departments in the group, 7 counties, 市司法局 its own part of each task)', () => {
    const counts = Object.fromEntries(plan.tasks.map((t) => [t.no, count(t.no)]));
    expect(counts).toEqual({
      1: 25,
      2: 30,
      3: 25,
      4: 26,
      5: 17 + 25,
      6: 26,
      7: 25,
      8: 13,
      9: 25,
      10: 8,
      11: 25,
      12: 25,
      13: 25,
      14: 17 + 17 + 8,
      15: 25,
      16: 26,
      17: 26,
    });
    expect(obligations).toHaveLength(439);
  });

  test("the bureau's own part: one obligation per task, owed by its office, reported to its government, never to itself", () => {
    const own = obligations.filter((o) => o.unit === '市司法局');
    expect(own.map((o) => o.task)).toEqual([...Array(17)].map((_, i) => i + 1));
    expect(own.map((o) => o.dutyId)).toEqual([...Array(14).fill('annual'), 'rectify', 'rectify', 'cleanup']);
    for (const o of own) {
      expect(o.to).not.toContain('市司法局');
      expect(o.cc).not.toContain('市司法局');
    }
    expect(own.find((o) => o.task === 1)!.to).toEqual(['江门市人民政府']);
    // Task 17 names 本级政府 and 上级政府 (and copies 同级司法行政部门, the bureau itself: dropped).
    expect(own.find((o) => o.task === 17)).toMatchObject({ to: ['江门市人民政府', '广东省人民政府'], cc: [] });
    // Every other unit still reports to the bureau.
    expect(obligations.find((o) => o.id === 'jiangmen-2024.t1.annual.gaj')!.to).toEqual(['市司法局']);
  });

  test('ids are deterministic, readable ASCII and unique', () => {
    expect(obligations[0].id).toBe('jiangmen-2024.t1.annual.sfj');
    for (const o of obligations) expect(o.id).toMatch(/^[a-z0-9.-]+$/);
    expect(new Set(obligations.map((o) => o.id)).size).toBe(obligations.length);
    expect(loadShipped().obligations.map((o) => o.id)).toEqual(obligations.map((o) => o.id));
  });

  test('the figures a target requires travel with the obligation that reports them', () => {
    const t8 = obligations.find((o) => o.id === 'jiangmen-2024.t8.annual.scjgj')!;
    expect(t8.targets.map((g) => g.id)).toEqual(['local-standards', 'normative-documents', 'self-standards']);
    expect(obligations.find((o) => o.id === 'jiangmen-2024.t5.midterm.gaj')!.targets).toEqual([]);
  });

  test('the shipped plan needs no calendar fallback', () => {
    expect(loaded.warnings).toEqual([]);
  });
});
