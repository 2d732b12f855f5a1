// Every notice a unit or supervisor reads, in the register of official notices, from this one place:
// 提醒, 催办通知, 督办通知, 通报, the round's 汇总 and the annual summary. Subjects sort and read well in an inbox.
import { Eta } from 'eta';
import type { AnnualSummary } from '../../domain/obligation/annual';
import { noticeHolidays, type Notice } from '../../domain/obligation/notice';
import type { Compilation } from '../../domain/obligation/compilation';
import { chineseDate, chineseDateTime, chineseDay, timeLeft } from '../../domain/notices/format';
import { STEP_ZH } from '../../domain/notices/step-labels';
import { clause } from '../../domain/notices/readable';

/** HTML is escaped; plain text is not. */
const eta = new Eta({ autoEscape: true, autoTrim: false, useWith: true });
const etaText = new Eta({ autoEscape: false, autoTrim: false, useWith: true });

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface NoticeContext {
  /** The unit's signed link to its report page, when the portal is configured. */
  link?: string;
  /** The bureau's contact line, e.g. 市司法局行政执法协调监督科 0750-0000000. */
  contact: string;
  issuer: string;
}

/** A notice's title: its step's name (domain/notices/step-labels.ts), an escalation's as a 通知. */
const TITLE: Record<Notice['step'], string> = {
  ...STEP_ZH,
  催办: `${STEP_ZH.催办}通知`,
  督办: `${STEP_ZH.督办}通知`,
  undeliverable: '通知投递失败报告',
};
const OPENING: Record<Notice['step'], string> = {
  reminder: '现将贵单位报送事项提醒如下，请按时报送。',
  acknowledge: '贵单位下列报送事项已交办，尚未签收。请通过报送入口确认签收（填写签收人姓名），并按时报送；签收不代替报送。',
  催办: '贵单位下列报送事项已超过截止时间仍未报送，请抓紧办理，尽快报送。',
  督办: '贵单位下列报送事项逾期未报，经催办仍未办结。请单位负责人督促落实，立即报送，并说明逾期原因。',
  通报: '下列单位报送事项逾期未报，经催办、督办仍未办结，现予通报。请相关单位立即整改落实。',
  undeliverable: '下列单位的通知被邮件服务器拒收，单位可能未收到提醒。请核实该单位联系方式，并通过电话等方式通知。',
  'extension-applied': '下列单位申请延长报送事项的截止时间，请在督办平台审批（批准或不予批准）。审批前截止时间不变，提醒和催办照常进行。',
  'extension-decided': '贵单位的延期申请已审批，结果如下。',
};

const NOTICE_TEXT = `<%= it.to %>：

<%= it.opening %>

任务：任务<%= it.task %> <%= it.taskTitle %>
事项：<%= it.duty %>
截止时间：<%= it.due %>
办理情况：<%= it.left %>
<% if (it.link) { %>
报送入口：<%= it.link %>
<% } %>
联系方式：<%= it.contact %>

<%= it.issuer %>
<%= it.date %>
`;

const NOTICE_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title><%= it.subject %></title></head>
<body style="font-family:'Microsoft YaHei','PingFang SC',sans-serif;line-height:1.8;max-width:640px">
<h2 style="text-align:center"><%= it.title %></h2>
<p><%= it.to %>：</p>
<p style="text-indent:2em"><%= it.opening %></p>
<table style="border-collapse:collapse" cellpadding="6" border="1">
<tr><th align="left">任务</th><td>任务<%= it.task %> <%= it.taskTitle %></td></tr>
<tr><th align="left">事项</th><td><%= it.duty %></td></tr>
<tr><th align="left">截止时间</th><td><%= it.due %></td></tr>
<tr><th align="left">办理情况</th><td><%= it.left %></td></tr>
</table>
<% if (it.link) { %><p><a href="<%= it.link %>">点击进入报送页面</a></p><% } %>
<p>联系方式：<%= it.contact %></p>
<p style="text-align:right"><%= it.issuer %><br><%= it.date %></p>
</body></html>
`;

export function renderNotice(n: Notice, ctx: NoticeContext): Rendered {
  const data = {
    subject: '',
    title: TITLE[n.step],
    to: n.step === '通报' ? '各有关单位' : n.step === 'undeliverable' || n.step === 'extension-applied' ? (n.to[0]?.name ?? '') : n.unit,
    opening: OPENING[n.step],
    task: n.task,
    taskTitle: n.taskTitle,
    duty: n.duty,
    due: chineseDateTime(n.due),
    left:
      n.step === '通报'
        ? `${n.unit}：${timeLeft(n.at, n.due, noticeHolidays(n))}`
        : n.failed
          ? `${STEP_ZH[n.failed.step]}通知发往 ${n.failed.to.join('、')} 被拒收（${n.failed.reason}）`
          : n.extension
            ? extensionLine(n)
            : timeLeft(n.at, n.due, noticeHolidays(n)),
    link: ctx.link,
    contact: ctx.contact,
    issuer: ctx.issuer,
    date: chineseDate(n.at),
  };
  data.subject = `【${STEP_ZH[n.step]}】任务${n.task} ${n.duty}（${n.unit}，${chineseDay(n.due)}截止）`;
  return {
    subject: data.subject,
    text: etaText.renderString(NOTICE_TEXT, data).replace(/\n{3,}/g, '\n\n'),
    html: eta.renderString(NOTICE_HTML, data),
  };
}

const COMPILATION_TEXT = `<%= it.to %>：

任务<%= it.task %> <%= it.taskTitle %>“<%= it.duty %>”（截止<%= it.due %>）报送情况汇总如下：

按时报送（<%= it.onTime.length %>）：<%= it.onTime.join('、') || '无' %>
逾期报送（<%= it.late.length %>）：<%= it.late.join('、') || '无' %>
未报送（<%= it.missing.length %>）：<%= it.missing.join('、') || '无' %>
<% if (it.cancelled.length) { %>已撤销（<%= it.cancelled.length %>）：<%= it.cancelled.join('、') %>
<% } %>
<% if (it.asOf) { %>以上为<%= it.asOf %>的情况。
<% } %>各单位报告见附件。

<%= it.issuer %>
<%= it.date %>
`;

export function renderCompilation(c: Compilation, ctx: NoticeContext): Rendered {
  const units = (rows: Compilation['onTime']) => rows.map((r) => r.unit);
  const data = {
    to: c.to.join('、'),
    task: c.task,
    taskTitle: c.taskTitle,
    duty: c.duty,
    due: chineseDate(c.due),
    onTime: units(c.onTime),
    late: units(c.late),
    missing: units(c.missing),
    cancelled: units(c.cancelled),
    issuer: ctx.issuer,
    // Dated the day it is sent; delivered later than compiled, it says as of when (compiled at the deadline).
    date: chineseDate(c.sentAt ?? c.at),
    asOf: c.sentAt && c.sentAt !== c.at ? chineseDateTime(c.at) : '',
  };
  const edition = c.edition === 'final' ? '（终版）' : '';
  const subject = `【汇总${edition}】任务${c.task} ${c.duty}（${chineseDay(c.due)}截止）：按时${data.onTime.length} 逾期${data.late.length} 未报${data.missing.length}`;
  const text = etaText.renderString(COMPILATION_TEXT, data).replace(/\n{3,}/g, '\n\n');
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body><pre style="font-family:inherit;white-space:pre-wrap">${escape(text)}</pre></body></html>`;
  return { subject, text, html };
}

export function renderAnnual(a: AnnualSummary, ctx: NoticeContext): Rendered {
  const subject = `【年度总结】${a.title}：报送事项${a.total}项，已办结${a.byStage.accepted}项，未完成${a.outstanding.length}项`;
  const lines = [
    `${a.to.join('、')}：`,
    '',
    `${a.title}年度执行情况如下：报送事项共 ${a.total} 项，已办结 ${a.byStage.accepted} 项，已报送待审核 ${a.byStage.submitted} 项，逾期 ${a.byStage.overdue} 项，已撤销 ${a.byStage.cancelled} 项。`,
    '',
    ...a.byTask.map((t) => `任务${t.task}：共 ${t.total} 项，办结 ${t.closed} 项，逾期 ${t.overdue} 项`),
    '',
    `未完成事项（${a.outstanding.length}）：`,
    ...a.outstanding.map((o) => `  任务${o.task} ${o.unit} ${o.duty}（截止${chineseDate(o.due)}）`),
    '',
    ...(a.ranking?.length ? [`各单位考核得分排名（${a.ranking.length}）：`, ...a.ranking.map(rankingLine), ''] : []),
    ...(a.sentAt && a.sentAt !== a.at ? [`以上为${chineseDateTime(a.at)}的情况。`, ''] : []),
    ctx.issuer,
    chineseDate(a.sentAt ?? a.at),
  ];
  const text = lines.join('\n') + '\n';
  return {
    subject,
    text,
    html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body><pre style="font-family:inherit;white-space:pre-wrap">${escape(text)}</pre></body></html>`,
  };
}

const rankingLine = (r: NonNullable<AnnualSummary['ranking']>[number]) =>
  `  ${r.rank}. ${r.unit} ${r.score} 分（按时 ${r.onTime}，逾期报送 ${r.late}，逾期未报 ${r.missing}，催办督办通报 ${r.escalations}，退回 ${r.returned}，整改 ${r.findings}）`;

/** What a 延期申请 asks, or what was decided on it. */
function extensionLine(n: Notice): string {
  const e = n.extension!;
  const asked = `${e.by}第${e.seq}次申请延期至${chineseDateTime(e.requestedDue)}，理由：${clause(e.reason)}`;
  if (e.approved === undefined) return asked;
  return e.approved
    ? `${asked}。审批结果：批准，截止时间延至${chineseDateTime(e.due!)}`
    : `${asked}。审批结果：不予批准（${clause(e.decisionReason ?? '')}），截止时间仍为${chineseDateTime(e.due!)}，请按时报送`;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Several notices to one person at one send time, as one message. */
export function renderDigest(ns: Notice[], ctx: NoticeContext): Rendered {
  const first = ns[0];
  const units = [...new Set(ns.map((n) => n.unit))];
  const subject = `【${STEP_ZH[first.step]}】${units.join('、')}：${ns.length}项报送事项（${chineseDay(first.at)}）`;
  const items = ns.map(
    (n, i) =>
      `${i + 1}. 任务${n.task} ${n.duty}（${n.unit}），截止${chineseDateTime(n.due)}，${n.step === 'undeliverable' ? '投递失败' : n.extension ? extensionLine(n) : timeLeft(n.at, n.due, noticeHolidays(n))}`,
  );
  // Greeted like a lone notice: the unit a 提醒, 催办 or 督办 concerns (its opening says 贵单位), 各有关单位 for a 通报.
  const greeting =
    first.step === '通报'
      ? '各有关单位'
      : units.length === 1 && first.step !== 'undeliverable' && first.step !== 'extension-applied'
        ? units[0]
        : (first.to[0]?.name ?? units.join('、'));
  const text =
    [`${greeting}：`, '', OPENING[first.step], '', ...items, '', `联系方式：${ctx.contact}`, '', ctx.issuer, chineseDate(first.at)].join(
      '\n',
    ) + '\n';
  return {
    subject,
    text,
    html: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body><pre style="font-family:inherit;white-space:pre-wrap">${escape(text)}</pre></body></html>`,
  };
}
