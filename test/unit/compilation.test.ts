// The round's 汇总 compiled from its rows, no server: who reported on time, late, not at all (a returned
// report counts as not reported), who was cancelled, and to whom it goes.
import { compile } from '../../domain/obligation/compilation';
import { round, roundRows } from '../helpers/sample-ledger';

test("the deadline edition of task 15's 汇总", () => {
  const c = compile(round, roundRows, 'deadline', '2024-10-20T23:59:59+08:00', round.round);
  expect(c).toMatchObject({
    key: 'jiangmen-2024.t15.rectify/compile-deadline',
    round: 'jiangmen-2024.t15.rectify',
    kind: 'round',
    task: 15,
    duty: '涉企乱罚款专项整治完成情况',
    edition: 'deadline',
    to: ['市司法局'],
    // The bureau's own row reports to its government, which the 汇总 therefore copies.
    cc: ['江门市人民政府'],
  });
  const units = (rows: { unit: string }[]) => rows.map((r) => r.unit);
  expect({ onTime: units(c.onTime), late: units(c.late), missing: units(c.missing), cancelled: units(c.cancelled) }).toEqual({
    onTime: ['开平市'],
    late: ['台山市'],
    missing: ['鹤山市', '新会区'],
    cancelled: ['恩平市'],
  });
  expect(c.onTime[0]).toMatchObject({
    obligation: 'jiangmen-2024.t15.rectify.kaiping',
    receipt: 'HZ-jiangmen-2024.t15.rectify.kaiping-1',
    submittedAt: '2024-10-18T15:00:00+08:00',
    by: '开平市 王某',
    excerpt: '开平市的报告',
  });
  expect(c.missing[1]).toEqual({
    obligation: 'jiangmen-2024.t15.rectify.xinhui',
    unit: '新会区',
    stage: 'overdue',
    due: '2024-10-20T23:59:59+08:00',
  });
  expect(c.addresses['市司法局']).toMatch(/@example\.org$/);
  expect(c.addresses['江门市人民政府']).toMatch(/@example\.org$/);
});
