// duban refuses a Node.js whose support has ended, saying in Chinese which version to install and how.
const { supportedNode } = require('../../scripts/supported-node.cjs') as {
  supportedNode(version: string, out: { write(s: string): void }): boolean;
};

function check(version: string): { ok: boolean; said: string } {
  let said = '';
  const ok = supportedNode(version, { write: (s: string) => void (said += s) });
  return { ok, said };
}

test('Node.js 20 is refused with the version to install and the command that fetches it', () => {
  const { ok, said } = check('20.20.2');
  expect(ok).toBe(false);
  expect(said).toContain('duban 需要 Node.js 24 LTS（或 22），当前为 v20.20.2，其官方支持已结束。');
  expect(said).toContain('eval "$(bash scripts/provision-node.sh --env)"');
});

test('Node.js 22 and 24 run, silently', () => {
  expect(check('22.13.0')).toEqual({ ok: true, said: '' });
  expect(check('v24.22.3')).toEqual({ ok: true, said: '' });
});
