// The board's 通讯录 page: a supervisor uploads the office's roster (.xlsx or .csv), sees what it would change in
// the unit directory, and saves it; the directory can be downloaded as a roster. Bounded (one file, 5 MB) and
// checked by content; nothing is saved until the supervisor confirms the changes shown, and not if the directory
// changed in between. The worker's next notices go to the saved contacts (DUBAN_DIRECTORY).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exportRoster, planRosterImport, RosterRefused, writeAtomically } from '../client/roster/roster-operations';
import { MAX_ROSTER_BYTES } from '../client/roster/roster-files';
import { AppError } from '../client/errors';
import { directoryFile } from '../config/directory-file';
import type { BoardUser } from '../config/board-users';
import { boardLogin } from './board-session';
import { sameSiteOnly } from './cross-site';
import { page } from './render';
import { field } from './schemas';
import type { WebContext } from './context';

const saveBody = z.object({ token: z.string().regex(/^[0-9a-f]{32}$/, '确认编号有误') }, { error: '请求格式有误，应为表单' });
const PENDING_MS = 30 * 60_000;
const MAX_PENDING = 20;

interface Pending {
  user: string;
  text: string;
  /** sha256 of the directory the preview was made from ('' when there was none). */
  base: string;
  changes: string[];
  notes: string[];
  until: number;
}

const sha = (text: string | undefined) => (text === undefined ? '' : crypto.createHash('sha256').update(text).digest('hex'));

export function boardRosterRoutes(app: FastifyInstance, ctx: WebContext, file: string = directoryFile()): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));
  const pending = new Map<string, Pending>();

  const login = boardLogin(ctx);
  const current = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  const show = (reply: FastifyReply, user: BoardUser, data: Record<string, unknown>, status = 200) =>
    page(
      reply,
      'roster',
      { user, file: path.basename(file), exists: fs.existsSync(file), maxMb: MAX_ROSTER_BYTES / 1048576, ...data },
      status,
    );

  app.get('/board/roster', async (req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    return show(reply, user, {});
  });

  app.get('/board/roster.xlsx', async (req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    if (!fs.existsSync(file)) return show(reply, user, { error: '还没有单位目录，请先上传通讯录。' }, 404);
    const { bytes } = await exportRoster(file, 'xlsx');
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('通讯录.xlsx')}`)
      .send(bytes);
  });

  app.post('/board/roster', async (req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    if (!req.isMultipart()) return show(reply, user, { error: '请选择通讯录文件（.xlsx 或 .csv）后上传。' }, 400);
    let bytes: Buffer | undefined;
    let filename = '';
    const fields: Record<string, string> = {};
    try {
      for await (const part of req.parts({ limits: { fileSize: MAX_ROSTER_BYTES, files: 1, fields: 5, fieldSize: 200 } })) {
        if (part.type === 'file') {
          filename = part.filename;
          bytes = await part.toBuffer();
        } else fields[part.fieldname] = String(part.value);
      }
    } catch (err) {
      const tooLarge = (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
      return show(
        reply,
        user,
        { error: tooLarge ? `文件超过 ${MAX_ROSTER_BYTES / 1048576} MB，未导入。` : '上传不完整，请重新上传。' },
        tooLarge ? 413 : 400,
      );
    }
    if (!bytes || bytes.length === 0) return show(reply, user, { error: '请选择通讯录文件（.xlsx 或 .csv）后上传。' }, 400);
    if (!/\.(xlsx|csv)$/i.test(filename)) return show(reply, user, { error: '只接受 Excel 工作簿（.xlsx）或 CSV 文件。' }, 415);
    const sheet = field('工作表名称', 100).safeParse(fields.sheet ?? '');
    if (!sheet.success) return show(reply, user, { error: sheet.error.issues[0].message }, 400);
    const existing = current();
    try {
      const r = await planRosterImport(bytes, {
        out: path.basename(file),
        existing,
        sheet: sheet.data.trim() || undefined,
        name: path.basename(filename, path.extname(filename)),
        prune: fields.prune === 'on',
      });
      const now = ctx.now();
      for (const [k, p] of pending) if (p.until < now) pending.delete(k);
      if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
      const token = crypto.randomBytes(16).toString('hex');
      pending.set(token, {
        user: user.username,
        text: r.text,
        base: sha(existing),
        changes: r.changes,
        notes: r.notes,
        until: now + PENDING_MS,
      });
      return show(reply, user, {
        preview: { token, filename, changes: r.changes, notes: r.notes, units: r.file.units.length, merged: r.merged },
      });
    } catch (err) {
      if (err instanceof RosterRefused) return show(reply, user, { filename, problems: err.problems }, 400);
      if (err instanceof AppError) return show(reply, user, { error: err.message }, err.httpStatus);
      throw err;
    }
  });

  app.post(
    '/board/roster/save',
    { schema: { body: saveBody }, attachValidation: true },
    async (req: FastifyRequest<{ Body: { token: string } }>, reply) => {
      const user = login(req, reply);
      if (!user) return reply;
      if (req.validationError) return show(reply, user, { error: req.validationError.message }, 400);
      const p = pending.get(req.body.token);
      if (!p || p.user !== user.username || p.until < ctx.now())
        return show(reply, user, { error: '这次上传的预览已过期或不存在，请重新上传通讯录。' }, 409);
      if (sha(current()) !== p.base) {
        pending.delete(req.body.token);
        return show(reply, user, { error: '预览之后单位目录已被修改，未保存。请重新上传通讯录，查看新的变化。' }, 409);
      }
      writeAtomically(file, p.text);
      pending.delete(req.body.token);
      return show(reply, user, { saved: { changes: p.changes } });
    },
  );
}
