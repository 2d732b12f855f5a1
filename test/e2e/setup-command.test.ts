// `duban setup` on a server that has never seen duban: registers the search attributes once, then says
// there is nothing to do; an unreachable server is one Chinese line and exit 1.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerExecutable } from '../../config/binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { duban } from '../helpers/processes';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: devServerExecutable(), extraArgs: ['--log-level', 'error'] } });
}, 60_000);
afterAll(async () => env?.teardown());

test('setup registers the search attributes once, then finds them there', async () => {
  const cli = { TEMPORAL_ADDRESS: env.address };
  const first = await duban(['setup'], cli);
  expect(first.code).toBe(0);
  expect(first.stdout.trim()).toBe(`已注册检索属性：${ALL_SEARCH_ATTRIBUTES.map((a) => a.name).join(', ')}`);
  const again = await duban(['setup'], cli);
  expect(again.stdout.trim()).toBe('检索属性均已存在，无需注册');

  const down = await duban(['setup'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
  expect(down.code).toBe(1);
  expect(down.stderr.trim()).toMatch(/^错误：无法连接 Temporal 服务 127\.0\.0\.1:1/);
}, 60_000);
