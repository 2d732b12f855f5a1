// The board's 账号管理 page: an office's own 管理员 lists, adds and changes the accounts of its offices (name,
// password, role, offices within its own, 停用). A province 管理员 (all offices) manages every account. Only
// 管理员 reach it (web/board-tenancy.ts); each change is written at once to the watched accounts file, or with
// DUBAN_DATABASE_URL to the database every web process reads.
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BOARD_ROLES, type BoardRole, type BoardUser, loadBoardUsers, saveBoardUser, seesAllOffices } from '../config/board-users';
import { MAX_NAME_CHARS, MAX_USERNAME_CHARS } from '../domain/obligation/limits';
import { sameSiteOnly } from './cross-site';
import { boardLogin } from './board-session';
import { page, refusal } from './render';
import { field } from './schemas';
import type { WebContext } from './context';

const accountBody = z.object(
  {
    username: field('用户名', MAX_USERNAME_CHARS),
    name: field('姓名', MAX_NAME_CHARS).optional(),
    password: field('密码', 1024).optional(),
    role: z.enum(BOARD_ROLES, { error: `角色应为 ${BOARD_ROLES.join('、')} 之一` }),
    offices: field('发文单位', 2000).optional(),
    disabled: z.literal('on', { error: '停用应为勾选框' }).optional(),
  },
  { error: '请求格式有误，应为表单' },
);
const accountsQuery = z.object({ msg: field('提示', 2000).optional() }, { error: '请求格式有误' });
type Body = z.infer<typeof accountBody>;
type Req = FastifyRequest<{ Body: Body; Querystring: { msg?: string } }>;

const splitOffices = (s = '') =>
  s
    .split(/[,，、;；\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Whether `admin` manages `account`: every office of the account is one of the admin's. */
export function manages(admin: BoardUser, account: BoardUser): boolean {
  if (seesAllOffices(admin)) return true;
  if (seesAllOffices(account)) return false;
  return (account.offices as string[]).every((o) => (admin.offices as string[]).includes(o));
}

export function boardAccountRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));
  const login = boardLogin(ctx);
  const file = ctx.usersFile;
  // With DUBAN_DATABASE_URL the accounts are rows of the database (client/board-auth.ts), not the file.
  const store = ctx.boardAuth?.accounts;
  const all = async () => (store ? await store.all() : file ? loadBoardUsers(file) : ctx.users());
  const show = async (
    reply: FastifyReply,
    admin: BoardUser,
    extra: { msg?: string; error?: string; values?: Partial<Body> },
    status = 200,
  ) =>
    page(
      reply,
      'accounts',
      {
        user: admin,
        accounts: (await all()).filter((u) => manages(admin, u)),
        roles: BOARD_ROLES,
        allOffices: seesAllOffices(admin),
        editable: !!file || !!store,
        values: {},
        ...extra,
      },
      status,
    );

  app.get('/board/accounts', { schema: { querystring: accountsQuery } }, async (req: Req, reply) => {
    const admin = login(req, reply);
    return admin ? show(reply, admin, { msg: req.query.msg }) : reply;
  });

  app.post('/board/accounts', { schema: { body: accountBody }, attachValidation: true }, async (req: Req, reply) => {
    const admin = login(req, reply);
    if (!admin) return reply;
    const f = req.body ?? ({} as Body);
    const again = (error: string, status = 400) => show(reply, admin, { error, values: { ...f, password: '' } }, status);
    if (req.validationError) return again(req.validationError.message);
    if (!file && !store) return again('本服务的账号不在账号文件中，无法在看板上修改', 409);
    const existing = (await all()).find((u) => u.username === f.username.trim());
    // Another office's account (or a province account) is not revealed to an office's 管理员.
    if (existing && !manages(admin, existing)) return refusal(reply, 404, '页面不存在', '请检查网址，或从看板进入。');
    const named = splitOffices(f.offices);
    let offices: string[] | '*' | undefined;
    if (seesAllOffices(admin)) offices = named.includes('*') ? '*' : named.length ? named : existing ? undefined : '*';
    else {
      const outside = named.filter((o) => !(admin.offices as string[]).includes(o));
      if (outside.length) return again(`只能设置本单位的发文单位，${outside.join('、')} 不在其中`, 403);
      offices = named.length ? named : (existing?.offices ?? (admin.offices as string[]));
    }
    const password = f.password ? f.password : undefined;
    if (password !== undefined && password.length < 10) return again('密码至少 10 个字符');
    if (!existing && !password) return again('新账号须设置密码（至少 10 个字符）');
    if (!existing && !f.name?.trim()) return again('请填写姓名');
    try {
      const change = {
        username: f.username.trim(),
        name: f.name?.trim() || undefined,
        password,
        offices,
        role: f.role as BoardRole,
        disabled: f.disabled === 'on',
      };
      if (store) await store.save(change);
      else saveBoardUser(file!, change);
    } catch (err) {
      const issue = (err as { issues?: { message: string }[] }).issues?.[0];
      return again(issue ? issue.message : (err as Error).message);
    }
    console.log(`[board] ${admin.username}（${admin.name}）${existing ? '修改' : '添加'}了账号 ${f.username.trim()}`);
    const msg = `${existing ? '已更新' : '已添加'}账号 ${f.username.trim()}${f.disabled === 'on' ? '（已停用）' : ''}`;
    return reply.redirect(`/board/accounts?msg=${encodeURIComponent(msg)}`);
  });
}
