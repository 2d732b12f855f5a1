// Saved plan files (the board's 导入方案 keeps the finished plan here), embedded (data/plans/<plan id>.yaml) and
// PostgreSQL (table plan_files): what one host saves another reads; a second save of the same plan replaces its
// text (the supervisor corrected the import and saved again); a name that is not a plain plan id is refused.
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../domain/errors';
import type { PlanFiles } from '../../store/plan-files';
import { storeKinds } from '../helpers/postgres';

const PLAN = `# 由督查看板“导入方案”根据通知起草并经人工确认。
id: import-2026
title: 关于开展涉企行政执法问题专项整治的通知
`;

describe.each(storeKinds())('saved plan files: $name', (kind) => {
  let store: PlanFiles;
  beforeAll(async () => {
    await kind.setUp();
    store = (await kind.host()).planFiles();
  });
  afterAll(() => kind.tearDown());

  test('a saved plan is read back, text for text, by another host; an unsaved one is absent', async () => {
    await store.put('import-2026', PLAN);
    const other = (await kind.host()).planFiles();
    expect(await other.get('import-2026')).toBe(PLAN);
    expect(await other.get('office-2026')).toBeUndefined();
    expect(await other.list()).toEqual(['import-2026']);
    if (kind.name.startsWith('embedded'))
      // The embedded store is the plan file `duban start` reads.
      expect(fs.readFileSync(path.join(kind.dataDir, 'plans', 'import-2026.yaml'), 'utf8')).toBe(PLAN);
  });

  test('saving the same plan again replaces its text: the newer save wins, on every host', async () => {
    const corrected = PLAN.replace('专项整治', '专项整治（修订）');
    await store.put('import-2026', PLAN);
    await (await kind.host()).planFiles().put('import-2026', corrected);
    expect(await store.get('import-2026')).toBe(corrected);
    expect(await store.list()).toEqual(['import-2026']);
  });

  test('several plans are listed by name; a removed one is gone', async () => {
    await store.put('a-2027', 'id: a-2027\n');
    await store.put('office-2026', 'id: office-2026\n');
    expect(await store.list()).toEqual(['a-2027', 'import-2026', 'office-2026']);
    await store.remove('a-2027');
    await store.remove('never-saved');
    expect(await store.get('a-2027')).toBeUndefined();
    expect(await store.list()).toEqual(['import-2026', 'office-2026']);
  });

  test.each(['../secrets', 'plans/x', 'Import-2026', '2026-plan', '', 'a'.repeat(65), 'x.yaml', '方案'])(
    'the name %j is not a plain plan id: refused in Chinese, nothing saved or read',
    async (name) => {
      const before = await store.list();
      await expect(store.put(name, PLAN)).rejects.toThrow(DomainError);
      await expect(store.put(name, PLAN)).rejects.toThrow(/^方案文件名“.*”无效：只能用小写字母、数字和 -，以字母开头/);
      await expect(store.get(name)).rejects.toThrow(DomainError);
      await expect(store.remove(name)).rejects.toThrow(DomainError);
      expect(await store.list()).toEqual(before);
      expect(fs.existsSync(path.join(kind.dataDir, 'secrets.yaml'))).toBe(false);
    },
  );
});
