// How many web processes and workers the start command runs, and what it calls each (scripts/app-processes.ts).
import { processCount, webName, workerName } from '../../scripts/app-processes';

test('one of each unless DUBAN_WEB_PROCESSES / DUBAN_WORKERS say otherwise; anything but 1 to 16 is refused in Chinese', () => {
  expect(processCount('DUBAN_WORKERS', {})).toBe(1);
  expect(processCount('DUBAN_WORKERS', { DUBAN_WORKERS: ' ' })).toBe(1);
  expect(processCount('DUBAN_WEB_PROCESSES', { DUBAN_WEB_PROCESSES: '2' })).toBe(2);
  expect(processCount('DUBAN_WORKERS', { DUBAN_WORKERS: '16' })).toBe(16);
  for (const bad of ['0', '17', '1.5', 'two', '-1'])
    expect(() => processCount('DUBAN_WORKERS', { DUBAN_WORKERS: bad })).toThrow(`DUBAN_WORKERS 应为 1 到 16 之间的整数，而不是 ${bad}`);
});

test('a single web process or worker keeps the plain name npm start always used; several are numbered from 1', () => {
  expect(webName(0, 1)).toBe('报送平台与督查看板');
  expect(workerName(0, 1)).toBe('工作进程（worker）');
  expect([0, 1].map((i) => webName(i, 2))).toEqual(['报送平台与督查看板（网页进程 1）', '报送平台与督查看板（网页进程 2）']);
  expect([0, 1].map((i) => workerName(i, 2))).toEqual(['工作进程（worker 1）', '工作进程（worker 2）']);
});
