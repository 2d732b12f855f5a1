// Charts drawn on the server: an ECharts option rendered to an SVG string (no browser, no script on the page),
// made fit for pages whose Content-Security-Policy allows no inline style, and kept while its option is unchanged.
import crypto from 'node:crypto';
import * as echarts from 'echarts';

export interface ChartSpec {
  /** What the chart shows, in Chinese: the SVG's accessible name. */
  title: string;
  width: number;
  height: number;
  option: echarts.EChartsOption;
}

/** The fonts the office's machines have for Chinese (the first one found is used). */
export const CHART_FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif";

/** Style properties ECharts writes that SVG also takes as attributes; the others (cursor, user-select) are dropped. */
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'opacity',
  'visibility',
  'display',
]);

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The page's policy refuses inline styles: ECharts' style attributes become presentation attributes, its hover
 * stylesheet and the bookkeeping attributes go, and the root gets an accessible name.
 */
export function pageSafeSvg(svg: string, title: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_m, css: string) =>
      css
        .split(';')
        .map((d) => d.split(':').map((x) => x.trim()))
        .filter(([prop, value]) => prop && value && PRESENTATION.has(prop))
        .map(([prop, value]) => ` ${prop}="${value}"`)
        .join(''),
    )
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttr(title)}" class="chart" `);
}

/** Renders a chart to SVG (animation off, Chinese defaults, the office fonts). */
export function renderChart(spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height, locale: 'ZH' });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...spec.option });
    return pageSafeSvg(chart.renderToSVGString(), spec.title);
  } finally {
    chart.dispose();
  }
}

/**
 * Rendered charts by name (a plan's chart with its parameters), each kept with a digest of its option: while the
 * ledger gives the same option, the SVG is not drawn again. At most `limit` names are kept, least recently used
 * going first.
 */
export class ChartCache {
  private readonly kept = new Map<string, { digest: string; svg: string }>();
  hits = 0;
  misses = 0;
  constructor(private readonly limit = 200) {}

  svg(name: string, spec: ChartSpec): string {
    const digest = crypto
      .createHash('sha256')
      .update(JSON.stringify([spec.title, spec.width, spec.height, spec.option]))
      .digest('base64');
    const found = this.kept.get(name);
    this.kept.delete(name);
    if (found?.digest === digest) {
      this.hits++;
      this.kept.set(name, found);
      return found.svg;
    }
    this.misses++;
    const svg = renderChart(spec);
    this.kept.set(name, { digest, svg });
    while (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value!);
    return svg;
  }
}
