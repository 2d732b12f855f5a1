// The round's 汇总 as documents: a readable HTML page with every unit's report, and an XLSX sheet (exceljs)
// the bureau can file in its ledger. Attached to the 汇总 mail.
import { sheetBuffer } from '../../store/xlsx';
import { Eta } from 'eta';
import type { Compilation, CompilationRow } from '../../domain/obligation/compilation';
import { chineseDateTime } from '../../domain/notices/format';
import { roundTail } from '../../domain/obligation/ids';

type Group = '按时报送' | '逾期报送' | '未报送' | '已撤销';

function rows(c: Compilation): (CompilationRow & { group: Group })[] {
  return [
    ...c.onTime.map((r) => ({ ...r, group: '按时报送' as const })),
    ...c.late.map((r) => ({ ...r, group: '逾期报送' as const })),
    ...c.missing.map((r) => ({ ...r, group: '未报送' as const })),
    ...c.cancelled.map((r) => ({ ...r, group: '已撤销' as const })),
  ];
}

export function compilationFileName(c: Compilation, ext: 'html' | 'xlsx'): string {
  return `汇总-任务${c.task}-${roundTail(c.round)}${c.edition === 'final' ? '-终版' : ''}.${ext}`;
}

const eta = new Eta({ autoEscape: true, useWith: true });
const HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title><%= it.title %></title>
<style>body{font-family:'Microsoft YaHei','PingFang SC',sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #999;padding:6px;vertical-align:top}th{background:#eee}.late{color:#b36b00}.missing{color:#c00}</style></head>
<body><h1><%= it.title %></h1>
<p>截止时间：<%= it.due %>；汇总时间：<%= it.at %>（情况截至此时）；<% if (it.sentAt) { %>发送时间：<%= it.sentAt %>；<% } %>按时 <%= it.counts[0] %>，逾期 <%= it.counts[1] %>，未报 <%= it.counts[2] %><% if (it.counts[3]) { %>，撤销 <%= it.counts[3] %><% } %></p>
<table><tr><th>序号</th><th>单位</th><th>情况</th><th>签收时间</th><th>回执编号</th><th>报送时间</th><th>报送人</th><th>报告内容</th></tr>
<% it.rows.forEach(function (r, i) { %><tr class="<%= r.cls %>"><td><%= i + 1 %></td><td><%= r.unit %></td><td><%= r.group %></td><td><%= r.acked || '未签收' %></td><td><%= r.receipt || '' %></td><td><%= r.when || '' %></td><td><%= r.by || '' %></td><td style="white-space:pre-wrap"><%= r.text || '' %><% if (r.figures) { %><br><%= r.figures %><% } %></td></tr>
<% }) %></table></body></html>
`;

export function compilationHtml(c: Compilation): string {
  const all = rows(c);
  return eta.renderString(HTML, {
    title: `任务${c.task} ${c.duty} 报送情况汇总${c.edition === 'final' ? '（终版）' : ''}`,
    due: chineseDateTime(c.due),
    at: chineseDateTime(c.at),
    sentAt: c.sentAt ? chineseDateTime(c.sentAt) : '',
    counts: [c.onTime.length, c.late.length, c.missing.length, c.cancelled.length],
    rows: all.map((r) => ({
      ...r,
      text: r.text ?? r.excerpt ?? '', // the excerpt where the text was not read from the store
      cls: r.group === '逾期报送' ? 'late' : r.group === '未报送' ? 'missing' : '',
      when: r.submittedAt ? chineseDateTime(r.submittedAt) : '',
      acked: r.acknowledgedAt ? chineseDateTime(r.acknowledgedAt) : '',
      figures:
        r.figures && Object.keys(r.figures).length
          ? Object.entries(r.figures)
              .map(([k, v]) => figureText(c, k, v))
              .join('；')
          : '',
    })),
  });
}

export async function compilationXlsx(c: Compilation): Promise<Buffer> {
  const figureIds = [...new Set(rows(c).flatMap((r) => Object.keys(r.figures ?? {})))];
  const columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '单位', key: 'unit', width: 22 },
    { header: '情况', key: 'group', width: 10 },
    { header: '签收时间', key: 'acked', width: 22 },
    { header: '回执编号', key: 'receipt', width: 36 },
    { header: '报送时间', key: 'when', width: 22 },
    { header: '报送人', key: 'by', width: 16 },
    { header: '报告内容', key: 'text', width: 60 },
    ...figureIds.map((id) => ({ header: figureHeader(c, id), key: `f:${id}`, width: 14 })),
  ];
  return sheetBuffer(
    '汇总',
    columns,
    rows(c).map((r, i) => ({
      n: i + 1,
      unit: r.unit,
      group: r.group,
      acked: r.acknowledgedAt ? chineseDateTime(r.acknowledgedAt) : '未签收',
      receipt: r.receipt ?? '',
      when: r.submittedAt ? chineseDateTime(r.submittedAt) : '',
      by: r.by ?? '',
      text: r.text ?? r.excerpt ?? '',
      ...Object.fromEntries(figureIds.map((id) => [`f:${id}`, r.figures?.[id] ?? null])),
    })),
  );
}

/** A figure as a person reads it: 行政执法人员每人每年培训学时：60 学时 (its id where the 汇总 predates the names). */
function figureText(c: Compilation, id: string, value: number): string {
  const name = c.figureNames?.[id];
  return name ? `${name.label}：${value} ${name.unit}` : `${id}：${value}`;
}

/** A figure's column in the 汇总 sheet: 培训学时（学时）. */
function figureHeader(c: Compilation, id: string): string {
  const name = c.figureNames?.[id];
  return name ? `${name.label}（${name.unit}）` : id;
}
