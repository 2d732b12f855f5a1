// The board's 节假日安排 page: a supervisor enters a year's holidays and make-up working days as the State Council
// publishes them; they are checked, saved in the calendar file beside the directory (over the calendar package's
// data), and told to every running obligation, whose steps not yet taken follow them.
import path from 'node:path';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readCalendarFile } from '../domain/calendar/arrangement';
import { daysOf, HolidayArrangement } from '../domain/calendar/holidays';
import { calendarCovers } from '../domain/calendar/working-days';
import { PlanFileError } from '../domain/plan/issues';
import { ZONE } from '../domain/calendar/time';
import { DateTime } from 'luxon';
import {
  calendarFileFor,
  readCalendarFromDisk,
  savedHolidayNames,
  runningObligationsOf,
  saveArrangement,
  signalArrangements,
} from '../client/calendar/holiday-operations';
import { runningPlans } from '../client/plan-runs';
import { directoryFile } from '../config/directory-file';
import type { BoardUser } from '../config/board-users';
import { boardLogin } from './board-session';
import { sameSiteOnly } from './cross-site';
import { page } from './render';
import { field } from './schemas';
import type { WebContext } from './context';

const calendarBody = z.object(
  {
    year: z.string({ error: '年度应为文字' }).regex(/^20\d\d$/, '年度应为 2000 到 2099 之间的四位数字'),
    holidays: field('放假安排', 2000),
    workdays: field('调休上班日', 500).default(''),
  },
  { error: '请求格式有误，应为表单' },
);
type Body = z.infer<typeof calendarBody>;
const calendarQuery = z.object(
  {
    year: z
      .string()
      .regex(/^20\d\d$/, '年度应为四位数字')
      .optional(),
  },
  { error: '请求格式有误' },
);

/** The year in Beijing at `ms` (the page's default year is the next one). */
const beijingYear = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).year;

/** 春节 2027-02-06 至 2027-02-12 (or ~, -, 到, a space; one date for one day). */
const HOLIDAY_LINE = /^(\S{1,20})\s+(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|～|—|--?|\s)\s*(\d{4}-\d{1,2}-\d{1,2}))?$/;
const pad = (d: string) => d.replace(/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (_, y, m, dd) => `${y}-${m.padStart(2, '0')}-${dd.padStart(2, '0')}`);

/** The form as a calendar file of one year, or the problems with it, each naming the line or field of the form. */
export function arrangementFromForm(body: Body): { arrangement: HolidayArrangement & { names: string[] } } | { problems: string[] } {
  const problems: string[] = [];
  const lines = body.holidays
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const holidays: { name: string; from: string; to?: string }[] = [];
  lines.forEach((l, i) => {
    const m = HOLIDAY_LINE.exec(l);
    if (!m)
      problems.push(`放假安排第 ${i + 1} 行“${l}”应写作：假期名称 开始日期 至 结束日期，如“春节 ${body.year}-02-06 至 ${body.year}-02-12”`);
    else holidays.push({ name: m[1], from: pad(m[2]), ...(m[3] ? { to: pad(m[3]) } : {}) });
  });
  const workdays = body.workdays
    .split(/[\s,，、;；]+/)
    .filter(Boolean)
    .map(pad);
  if (problems.length) return { problems };
  const text = [
    'years:',
    `  - year: ${Number(body.year)}`,
    '    holidays:',
    ...holidays.map(
      (h) => `      - { name: ${JSON.stringify(h.name)}, from: ${JSON.stringify(h.from)}${h.to ? `, to: ${JSON.stringify(h.to)}` : ''} }`,
    ),
    `    workdays: [${workdays.map((d) => JSON.stringify(d)).join(', ')}]`,
    ...(holidays.length ? [] : ['']),
  ].join('\n');
  try {
    const [arrangement] = readCalendarFile(holidays.length ? text : text.replace('    holidays:\n', '    holidays: []\n'), '表单');
    return { arrangement: { ...arrangement, names: holidays.map((h) => h.name) } };
  } catch (err) {
    if (!(err instanceof PlanFileError)) throw err;
    return { problems: err.issues.map((i) => `${formLabel(i.path)}${i.zh}`) };
  }
}

function formLabel(issuePath: string): string {
  const h = /holidays\[(\d+)\]/.exec(issuePath);
  if (h) return `放假安排第 ${Number(h[1]) + 1} 行：`;
  const w = /workdays\[(\d+)\]/.exec(issuePath);
  if (w) return `调休上班日第 ${Number(w[1]) + 1} 个：`;
  if (issuePath.endsWith('holidays')) return '放假安排：';
  if (issuePath.endsWith('workdays')) return '调休上班日：';
  return '';
}

/** A saved year as the form shows it again. */
function formOf(a: HolidayArrangement, names: string[]): Body {
  const runs = a.holidays.split(' ').filter(Boolean);
  return {
    year: String(a.year),
    holidays: runs
      .map((r, k) => {
        const [from, to] = r.split('-').map((md) => `${a.year}-${md.slice(0, 2)}-${md.slice(2)}`);
        return `${names[k] ?? `假期${k + 1}`} ${from}${to ? ` 至 ${to}` : ''}`;
      })
      .join('\n'),
    workdays: daysOf(a.year, a.workdays).join(' '),
  };
}

export function boardCalendarRoutes(app: FastifyInstance, ctx: WebContext, file: string = calendarFileFor(directoryFile())): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));
  const login = boardLogin(ctx);
  const saved = () => {
    try {
      return { years: readCalendarFromDisk(file) };
    } catch (err) {
      if (err instanceof PlanFileError) return { years: [], broken: err.issues.map((i) => `${i.line ? `第 ${i.line} 行 ` : ''}${i.zh}`) };
      throw err;
    }
  };
  const show = (reply: FastifyReply, user: BoardUser, data: Record<string, unknown>, status = 200) => {
    const { years, broken } = saved();
    const thisYear = beijingYear(ctx.now());
    const missing = [thisYear, thisYear + 1].filter((y) => !calendarCovers(y) && !years.some((a) => a.year === y));
    return page(
      reply,
      'calendar',
      {
        user,
        file: path.basename(file),
        years: years.map((a) => ({
          year: a.year,
          off: daysOf(a.year, a.holidays).length,
          on: daysOf(a.year, a.workdays),
          overrides: calendarCovers(a.year),
        })),
        broken,
        missing,
        ...data,
      },
      status,
    );
  };

  app.get(
    '/board/calendar',
    { schema: { querystring: calendarQuery }, attachValidation: true },
    async (req: FastifyRequest<{ Querystring: { year?: string } }>, reply) => {
      const user = login(req, reply);
      if (!user) return reply;
      if (req.validationError) return show(reply, user, { error: req.validationError.message, form: {} }, 400);
      const year = Number(req.query.year ?? beijingYear(ctx.now()) + 1);
      const have = saved().years.find((a) => a.year === year);
      return show(reply, user, {
        form: have ? formOf(have, savedHolidayNames(file).get(year) ?? []) : { year: String(year), holidays: '', workdays: '' },
      });
    },
  );

  app.post(
    '/board/calendar',
    { schema: { body: calendarBody }, attachValidation: true },
    async (req: FastifyRequest<{ Body: Body }>, reply) => {
      const user = login(req, reply);
      if (!user) return reply;
      const form = (req.body ?? {}) as Partial<Body>;
      if (req.validationError) return show(reply, user, { error: req.validationError.message, form }, 400);
      const read = arrangementFromForm(req.body);
      if ('problems' in read) return show(reply, user, { problems: read.problems, form }, 400);
      if (saved().broken) return show(reply, user, { error: `${path.basename(file)} 有错误，请先改正文件再保存。`, form }, 409);
      saveArrangement(file, read.arrangement);
      let told = 0;
      for (const plan of await runningPlans(ctx.client))
        told += await signalArrangements(ctx.client, await runningObligationsOf(ctx.client, plan), saved().years);
      return show(reply, user, {
        msg: `已保存 ${read.arrangement.year} 年节假日安排（放假 ${daysOf(read.arrangement.year, read.arrangement.holidays).length} 天，调休上班 ${daysOf(read.arrangement.year, read.arrangement.workdays).length} 天），并告知 ${told} 项正在运行的报送事项。`,
        form: formOf(read.arrangement, read.arrangement.names),
      });
    },
  );
}
