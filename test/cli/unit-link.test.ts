// `duban unit-link revoke` on the embedded store: the link it prints uses the portal's public address; without
// one it says that the link opens on this machine only, and which address it uses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyLink } from '../../store/links/signed-links';
import { duban } from '../helpers/processes';

const SECRET = 'unit-link-test-secret-0123456789';
let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-unit-link-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const revoke = (extra: string[], env: NodeJS.ProcessEnv = {}) =>
  duban(['unit-link', 'revoke', 'taishan', '--by', '司法局 李某', ...extra], {
    DUBAN_DATA_DIR: dataDir,
    DUBAN_LINK_SECRET: SECRET,
    DUBAN_PORTAL_URL: '',
    DUBAN_WEB_PORT: '',
    ...env,
  });

const linkOf = (stdout: string) => new URL(stdout.trim().split('\n').at(-1)!);
/** The link opens the unit's page at the version the command reports, and not at the one before. */
const opensAt = (stdout: string) => {
  const version = Number(/现为第 (\d+) 版/.exec(stdout)![1]);
  const token = linkOf(stdout).searchParams.get('t')!;
  const now = Math.floor(Date.now() / 1000);
  return [verifyLink(token, SECRET, now, () => version).ok, verifyLink(token, SECRET, now, () => version - 1).ok];
};

test('without a public address: says so, names the local address the portal uses, and labels the link as local only', async () => {
  const r = await revoke([]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('已作废单位 taishan 此前的全部报送链接（现为第 1 版）');
  expect(r.stdout).toContain('未设置报送平台的公开地址（DUBAN_PORTAL_URL），新链接使用本机地址 http://localhost:8080');
  expect(r.stdout).toContain('其他单位打不开');
  expect(r.stdout).toContain('本机链接（有效期 30 天，仅限本机打开）');
  expect(r.stdout).not.toContain('请通过可靠渠道发给该单位联系人');
  expect(linkOf(r.stdout).origin).toBe('http://localhost:8080');
  // The portal's own port when it is not the default.
  const other = await revoke([], { DUBAN_WEB_PORT: '8181' });
  expect(linkOf(other.stdout).origin).toBe('http://localhost:8181');
  expect(other.stdout).toContain('现为第 2 版');
});

test('with --portal-url or DUBAN_PORTAL_URL: a link on that address, to hand to the unit, signed for the new version', async () => {
  const given = await revoke(['--portal-url', 'https://duban.example.gov.cn/']);
  expect(given.code).toBe(0);
  expect(given.stdout).not.toContain('本机');
  expect(given.stdout).toContain('新链接（有效期 30 天，请通过可靠渠道发给该单位联系人）');
  const link = linkOf(given.stdout);
  expect(`${link.origin}${link.pathname}`).toBe('https://duban.example.gov.cn/u/taishan');
  expect(opensAt(given.stdout)).toEqual([true, false]);
  const fromEnv = await revoke([], { DUBAN_PORTAL_URL: 'https://portal.example.org' });
  expect(linkOf(fromEnv.stdout).origin).toBe('https://portal.example.org');
  expect(fromEnv.stdout).not.toContain('本机');
});

test('a --portal-url that is not a web address is refused in Chinese, and nothing is revoked', async () => {
  const before = JSON.parse(fs.readFileSync(path.join(dataDir, 'unit-links.json'), 'utf8'));
  for (const bad of ['duban.example.gov.cn', 'ftp://duban.example.gov.cn', 'https://duban.example.gov.cn/?t=1']) {
    const r = await revoke(['--portal-url', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--portal-url 应为');
  }
  expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'unit-links.json'), 'utf8'))).toEqual(before);
});
