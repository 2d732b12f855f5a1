// The board's 导入方案: a supervisor uploads a notice (.docx, .pdf, .txt, .html, at most 20 MB, judged by its
// content) or pastes it, sees the draft beside the notice, settles every open point of the review list, saves
// (each save runs `plan check` and shows its problems at their fields), downloads the plan file and starts it,
// once, with a progress view. Imports in progress live in the data folder (plan-drafts/<id>/); the saved plan
// goes to the plan-file store (plans/<plan id>.yaml there, or the database with DUBAN_DATABASE_URL), is downloaded
// and started from it; new units go into the office's directory. Logged-in supervisors only.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { planRunSpec } from '../domain/obligation/spec';
import { PlanFileError } from '../domain/plan/issues';
import { readCalendarFile } from '../domain/calendar/arrangement';
import { AppError } from '../client/errors';
import { calendarFileOf } from '../client/plan-files';
import { loadSavedPlan } from '../client/plan-import/saved-plans';
import { planFilesIn } from '../client/stores';
import { writeAtomically } from '../client/roster/roster-operations';
import { ImportDraft, MAX_NOTICE_BYTES, MAX_PASTED_CHARS, PlanImports } from '../client/plan-import/drafts';
import {
  allowedFields,
  directoryNames,
  editsSchema,
  NEW_UNIT,
  reviewItems,
  settle,
  UNIT_KINDS,
  Values,
  valuesOf,
} from '../client/plan-import/settle';
import { alreadyRunning, refuseRunning, startImportedPlan, startProgress } from '../client/plan-import/start';
import { directoryFile } from '../config/directory-file';
import { dataDir } from '../config/paths';
import { type BoardUser, seesOffice } from '../config/board-users';
import { officeOfMemo } from '../client/plan-offices';
import { planDocumentsMemo } from '../client/plan-documents';
import { seesImportOf } from './board-tenancy';
import { boardLogin } from './board-session';
import { sameSiteOnly } from './cross-site';
import { page, refusal } from './render';
import { emptyBody } from './schemas';
import type { WebContext } from './context';

const idParams = z.object({ id: z.string().max(64, '导入编号有误') }, { error: '请求格式有误' });
const STATIC: Record<string, [string, Buffer]> = {
  'plan-import.css': ['text/css; charset=utf-8', fs.readFileSync(path.join(__dirname, 'static', 'plan-import.css'))],
  'plan-import.js': ['text/javascript; charset=utf-8', fs.readFileSync(path.join(__dirname, 'static', 'plan-import.js'))],
};

type Req = FastifyRequest<{ Params: { id: string }; Body: Values }>;

export function planImportRoutes(app: FastifyInstance, ctx: WebContext, opts: { dataDir?: string; directory?: string } = {}): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));
  const data = opts.dataDir ?? dataDir();
  const dirFile = opts.directory ?? directoryFile();
  const imports = new PlanImports(path.join(data, 'plan-drafts'), path.join(data, 'plans'));
  const starting = new Set<string>();
  const plansDir = path.join(data, 'plans');
  const planFiles = ctx.planFiles ?? planFilesIn(plansDir);
  /** Whether this import's plan file is saved under `planId` (its meta names it). */
  const savedAs = (imp: ImportDraft, planId: string) => !!imp.meta.planFile && imp.meta.planId === planId;

  const login = boardLogin(ctx);
  const directoryText = () => (fs.existsSync(dirFile) ? fs.readFileSync(dirFile, 'utf8') : undefined);
  const files = (planId: string) => {
    const calendarFile = calendarFileOf(dirFile);
    return {
      directoryText: directoryText() ?? '',
      directoryFile: path.basename(dirFile),
      directoryRef: path.relative(plansDir, dirFile).split(path.sep).join('/'),
      planFile: `${planId || 'plan'}.yaml`,
      holidays: fs.existsSync(calendarFile) ? readCalendarFile(fs.readFileSync(calendarFile, 'utf8'), calendarFile) : undefined,
      // Named as the office sees it: relative to the working folder when inside it, else beside the directory.
      calendarFile: calendarFile.startsWith(process.cwd() + path.sep)
        ? path.relative(process.cwd(), calendarFile)
        : `${path.basename(calendarFile)}（单位名录所在文件夹）`,
      header: ['由督查看板“导入方案”根据通知起草并经人工确认。“# 第N行”指通知原文的行号。'],
    };
  };
  const listPage = (reply: FastifyReply, user: BoardUser, data: Record<string, unknown> = {}, status = 200) =>
    page(
      reply,
      'plan-import',
      {
        user,
        imports: imports.list().filter((m) => seesImportOf(ctx.users(), user, m.by)),
        maxMb: MAX_NOTICE_BYTES / 1048576,
        maxChars: MAX_PASTED_CHARS,
        ...data,
      },
      status,
    );
  const draftPage = (reply: FastifyReply, user: BoardUser, imp: ImportDraft, data: Record<string, unknown> = {}, status = 200) => {
    // The progress view polls its JSON route: this page alone may connect to its own origin.
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && !csp.includes('connect-src')) reply.header('content-security-policy', `${csp};connect-src 'self'`);
    const values = valuesOf(imp.draft, imp.edits);
    const names = directoryNames(directoryText() ?? '');
    return page(
      reply,
      'plan-import-draft',
      {
        user,
        imp,
        plan: imp.draft.plan,
        values,
        review: reviewItems(imp.draft, imp.edits),
        names,
        NEW_UNIT,
        UNIT_KINDS,
        highlights: highlights(imp),
        problems: {},
        ...data,
      },
      status,
    );
  };
  const known = (reply: FastifyReply, user: BoardUser, id: string) => {
    try {
      const imp = imports.get(id);
      if (seesImportOf(ctx.users(), user, imp.meta.by)) return imp;
      void refusal(reply, 404, '页面不存在', '请检查网址，或从看板进入。'); // another office's import
      return undefined;
    } catch (err) {
      if (err instanceof AppError) void listPage(reply, user, { error: err.message }, err.httpStatus);
      else throw err;
      return undefined;
    }
  };
  /** The logged-in account and the import `req.params.id` it may see; else undefined with the page sent (login, 404, the list). */
  const opened = (req: Req, reply: FastifyReply) => {
    const user = login(req, reply);
    const imp = user && known(reply, user, req.params.id);
    return user && imp ? { user, imp } : undefined;
  };

  app.get('/board/import/static/:file', async (req, reply) => {
    const found = STATIC[(req.params as { file: string }).file];
    if (!found) return refusal(reply, 404, '页面不存在', '请检查网址。');
    return reply.type(found[0]).header('cache-control', 'max-age=3600').send(found[1]);
  });

  app.get('/board/import', async (req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    return listPage(reply, user);
  });

  app.post('/board/import', async (req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    if (!req.isMultipart()) return listPage(reply, user, { error: '请上传通知文件，或粘贴通知全文。' }, 400);
    let upload: { filename: string; bytes: Buffer } | undefined;
    let text = '';
    try {
      for await (const part of req.parts({
        limits: { fileSize: MAX_NOTICE_BYTES, files: 1, fields: 2, fieldSize: MAX_PASTED_CHARS * 4 },
      })) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (bytes.length) upload = { filename: part.filename, bytes };
        } else if (part.fieldname === 'text') text = String(part.value);
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      const tooLarge = code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT';
      return listPage(
        reply,
        user,
        {
          error:
            code === 'FST_REQ_FILE_TOO_LARGE'
              ? '通知文件超过 20 MB，未导入。'
              : tooLarge
                ? '表单内容过多，未导入。'
                : '上传不完整，请重新上传。',
        },
        code === 'FST_REQ_FILE_TOO_LARGE' ? 413 : 400,
      );
    }
    try {
      const id = await imports.create(user.username, upload ?? { text }, directoryText(), new Date(ctx.now()));
      return reply.code(303).redirect(`/board/import/${id}`);
    } catch (err) {
      if (err instanceof AppError) return listPage(reply, user, { error: err.message }, err.httpStatus === 409 ? 409 : 422);
      throw err;
    }
  });

  app.get('/board/import/:id', { schema: { params: idParams } }, async (req: Req, reply) => {
    const open = opened(req, reply);
    if (!open) return reply;
    const { user, imp } = open;
    return draftPage(reply, user, imp);
  });

  // Every save: the edits are kept, the plan is checked; with nothing open and no problem it is saved as a plan file.
  app.post(
    '/board/import/:id',
    { schema: { params: idParams, body: editsSchema }, attachValidation: true, bodyLimit: 512 * 1024 },
    async (req: Req, reply) => {
      const open = opened(req, reply);
      if (!open) return reply;
      const { user, imp } = open;
      if (req.validationError) return draftPage(reply, user, imp, { error: req.validationError.message }, 400);
      const allowed = allowedFields(imp.draft);
      const unknown = Object.keys(req.body).filter((k) => !allowed.has(k));
      if (unknown.length) return draftPage(reply, user, imp, { error: `表单中有无法识别的字段：${unknown.slice(0, 3).join('、')}` }, 400);
      if (imp.meta.started) return draftPage(reply, user, imp, { error: `方案 ${imp.meta.planId} 已启动，不能再修改。` }, 409);
      imp.edits = req.body;
      imports.saveEdits(imp.meta.id, imp.edits);
      const planId = (req.body.id ?? imp.draft.plan.id).trim();
      const result = settle(imp.draft, imp.edits, files(planId));
      const valid = /^[a-z][a-z0-9-]{0,63}$/.test(planId);
      if (valid && !savedAs(imp, planId) && (await planFiles.get(planId)) !== undefined)
        (result.problems.id ??= []).push(`方案编号 ${planId} 已被另一个方案文件使用，请换一个编号`);
      if (!valid && !result.problems.id) (result.problems.id ??= []).push('方案编号只能用小写字母、数字和 -，以字母开头，不超过 64 个字符');
      const count = Object.values(result.problems).reduce((n, p) => n + p.length, 0);
      if (count || result.open.length)
        return draftPage(reply, user, imp, { problems: result.problems, checked: { problems: count, open: result.open.length } }, 422);
      if (result.directoryText !== (directoryText() ?? '')) writeAtomically(dirFile, result.directoryText);
      await planFiles.put(planId, result.planText);
      // Saved again under another plan id: the old plan file goes.
      if (imp.meta.planFile && imp.meta.planId && imp.meta.planId !== planId) await planFiles.remove(imp.meta.planId);
      imp.meta = { ...imp.meta, planFile: `${planId}.yaml`, planId };
      imports.saveMeta(imp.meta);
      return draftPage(reply, user, imp, {
        saved: {
          planId,
          obligations: result.loaded?.obligations.length ?? 0,
          newUnits: result.newUnits.map((u) => u.name),
          warnings: result.loaded?.warnings ?? [],
        },
      });
    },
  );

  app.get('/board/import/:id/plan.yaml', { schema: { params: idParams } }, async (req: Req, reply) => {
    const open = opened(req, reply);
    if (!open) return reply;
    const { user, imp } = open;
    const text = imp.meta.planFile && imp.meta.planId ? await planFiles.get(imp.meta.planId) : undefined;
    if (text === undefined) return draftPage(reply, user, imp, { error: '方案尚未保存：请先处理全部待确认事项并保存。' }, 404);
    return reply
      .type('application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${imp.meta.planId}.yaml"`)
      .send(text);
  });

  app.post(
    '/board/import/:id/start',
    { schema: { params: idParams, body: emptyBody }, attachValidation: true },
    async (req: Req, reply) => {
      const open = opened(req, reply);
      if (!open) return reply;
      const { user, imp } = open;
      if (req.validationError) return draftPage(reply, user, imp, { error: req.validationError.message }, 400);
      const { meta } = imp;
      if (!meta.planFile || !meta.planId)
        return draftPage(reply, user, imp, { error: '方案尚未保存：请先处理全部待确认事项并保存，再启动。' }, 409);
      if (meta.started || starting.has(meta.id)) return draftPage(reply, user, imp, { error: alreadyRunning(meta.planId).message }, 409);
      starting.add(meta.id);
      try {
        const loaded = await loadSavedPlan(planFiles, meta.planId, { plansDir, directory: dirFile });
        const office = officeOfMemo(planDocumentsMemo(loaded)); // a 管理员 starts its own offices' plans only
        if (!seesOffice(user, office))
          return draftPage(reply, user, imp, { error: `方案的发文单位“${office ?? '未填写'}”不是本账号所属的单位，不能启动` }, 403);
        await refuseRunning(ctx.client, meta.planId);
        const spec = planRunSpec(loaded);
        meta.started = {
          at: new Date(ctx.now()).toISOString(),
          by: user.name,
          rounds: spec.rounds.length,
          obligations: loaded.obligations.length,
        };
        imports.saveMeta(meta);
        // The progress view follows the start; a failure is kept for it to show.
        void startImportedPlan(ctx.client, loaded, ctx.taskQueue).catch((err) => {
          meta.startError =
            err instanceof AppError
              ? err.message
              : `启动未完成：${err instanceof Error ? err.message.split('\n')[0] : String(err)}，请确认 Temporal 服务正常后联系管理员`;
          imports.saveMeta(meta);
        });
        return reply.code(303).redirect(`/board/import/${meta.id}#progress`);
      } catch (err) {
        if (err instanceof PlanFileError) return draftPage(reply, user, imp, { error: `方案检查未通过：${err.issues[0]?.zh ?? ''}` }, 422);
        if (err instanceof AppError) return draftPage(reply, user, imp, { error: err.message }, err.httpStatus);
        throw err;
      } finally {
        starting.delete(meta.id);
      }
    },
  );

  app.get('/board/import/:id/progress.json', { schema: { params: idParams } }, async (req: Req, reply) => {
    if (!login(req, reply)) return reply;
    let imp: ImportDraft;
    try {
      imp = imports.get(req.params.id);
    } catch (err) {
      if (err instanceof AppError) return reply.code(err.httpStatus).send({ error: err.message });
      throw err;
    }
    const s = imp.meta.started;
    if (!s || !imp.meta.planId) return reply.code(404).send({ error: '方案尚未启动' });
    const progress = await startProgress(ctx.client, imp.meta.planId, s);
    return reply.send({ ...progress, ...(imp.meta.startError ? { error: imp.meta.startError } : {}) });
  });
}

/** The notice lines each task's fields came from: the task's first line, its assignment and its duties' lines. */
function highlights(imp: ImportDraft): Record<number, number[]> {
  const marks: Record<number, number[]> = {};
  imp.draft.plan.tasks.forEach((t, i) => {
    for (const l of [t.line, t.assignmentLine, ...t.duties.map((d) => d.line), ...t.targets.map((x) => x.line)])
      if (l !== undefined) (marks[l] ??= []).includes(i) || marks[l].push(i);
  });
  return marks;
}
