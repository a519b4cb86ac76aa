/**
 * The HTML report's comparison of one scenario with its baseline (committed, or the paired
 * `--against` revision): for every checked metric a chart of baseline and this run side by side
 * (whiskers min–max, the regression limit as a line), coloured by the verdict — grey when the
 * change is inside the noise — and a table with both values, the change, the allowance, a gauge
 * of the change against the noise band, the p-value of a paired test and the verdict word.
 */
import type { ComparisonRow, ComparisonSummary } from '../../results/results-document.js';
import { METRIC_NAMES } from '../../scenario/types.js';
import { changeGauge, changeWord, deltaText, pText, sortRowsByChange, valueWithRange } from '../comparison-cells.js';
import { METRIC_LABELS, formatMetricValue, formatNumber, metricUnit } from '../format-units.js';
import { renderBarsChart, type BarGroup } from './bars-chart.js';
import { escapeHtml as e } from './escape-html.js';
import { renderLegend } from './svg-kit.js';

const COLOURS = { regressed: '#c0392b', improved: '#1e7e4a', unchanged: '#5b6475', base: '#9aa3b2' } as const;

/** The section for `scenario`, or an empty string when no metric of it was compared. */
export function renderComparisonSection(comparison: ComparisonSummary, scenario: string): string {
  const rows = comparison.rows.filter((r) => r.scenario === scenario);
  if (rows.length === 0) return '';
  const paired = comparison.kind === 'paired';
  const [baseLabel, headLabel] = paired ? ['base', 'head'] : ['baseline', 'this run'];
  const charts: string[] = [];
  const multipleRecords = new Set(rows.map((r) => r.records)).size > 1;
  for (const metric of METRIC_NAMES) {
    const of = rows.filter((r) => r.metric === metric);
    if (of.length === 0) continue;
    const groups: BarGroup[] = of.map((r) => ({
      label: multipleRecords ? `${r.variant} @${formatNumber(r.records)}` : r.variant,
      bars: [
        {
          label: baseLabel,
          metric,
          value: r.baseline,
          ...(r.baselineMin !== undefined && r.baselineMax !== undefined ? { min: r.baselineMin, max: r.baselineMax } : {}),
          colour: COLOURS.base,
          light: true,
        },
        {
          label: headLabel,
          metric,
          value: r.current,
          min: r.currentMin,
          max: r.currentMax,
          colour: COLOURS[r.change],
          limits: [
            {
              value: r.limit,
              kind: 'budget',
              label: `≤ ${formatMetricValue(metric, r.limit)}`,
              description: `regression limit: ${baseLabel} + allowance ${formatMetricValue(metric, r.allowance)} (${r.change})`,
            },
          ],
        },
      ],
    }));
    const svg = renderBarsChart(groups, {
      title: `${scenario}: ${METRIC_LABELS[metric]}, ${baseLabel} vs ${headLabel}`,
      unit: metricUnit(metric),
      yTitle: paired ? `${METRIC_LABELS[metric]} (mean)` : `${METRIC_LABELS[metric]} (median)`,
      kind: 'compare',
    });
    const changed = of.filter((r) => r.change !== 'unchanged').length;
    if (svg)
      charts.push(
        `<figure class="chart-box"><figcaption>${e(METRIC_LABELS[metric])}: ${e(baseLabel)} (light) vs ${e(headLabel)}${changed ? '' : ' — unchanged within the noise'}</figcaption>${svg}</figure>`,
      );
  }
  const legend = renderLegend([
    { colour: COLOURS.base, text: baseLabel, light: true },
    { colour: COLOURS.unchanged, text: `${headLabel}: unchanged (inside the noise)` },
    { colour: COLOURS.regressed, text: `${headLabel}: regressed` },
    { colour: COLOURS.improved, text: `${headLabel}: improved` },
    { colour: COLOURS.regressed, text: 'regression limit', dashed: false },
  ]);
  const head = `<thead><tr><th></th><th>variant</th><th class="num">records</th><th>metric</th><th class="num">${e(baseLabel)}</th><th class="num">${e(headLabel)}</th><th class="num">Δ</th><th class="num">± allowance</th><th>change vs noise</th>${paired ? '<th class="num">p</th>' : ''}<th>change</th></tr></thead>`;
  const body = sortRowsByChange(rows)
    .map((r) => renderRow(r, paired))
    .join('');
  const count = (k: ComparisonRow['change']) => rows.filter((r) => r.change === k).length;
  return [
    `<h3>${paired ? 'Paired with' : 'Compared with'} ${e(comparison.source)}</h3>`,
    `<p class="note">${e(comparison.rule)}. ${count('regressed')} regressed, ${count('improved')} improved, ${count('unchanged')} unchanged of ${rows.length} metrics. The gauge spans ±2 allowances; ░ is the noise band.</p>`,
    `<div class="charts">${charts.join('')}</div>`,
    legend,
    `<div class="table-wrap"><table class="compare">${head}<tbody>${body}</tbody></table></div>`,
  ].join('');
}

function renderRow(r: ComparisonRow, paired: boolean): string {
  const cls = r.change === 'regressed' ? ' class="fail"' : '';
  const badge =
    r.change === 'regressed'
      ? '<span class="badge fail">regressed</span>'
      : r.change === 'improved'
        ? '<span class="badge pass">improved</span>'
        : '<span class="badge info">unchanged</span>';
  const deltaClass = r.change === 'regressed' ? ' worse' : r.change === 'improved' ? ' better' : '';
  return `<tr${cls}><td>${badge}</td><td class="nowrap">${e(r.variant)}</td><td class="num">${e(formatNumber(r.records))}</td><td>${e(METRIC_LABELS[r.metric] ?? r.metric)}</td><td class="num">${e(valueWithRange(r.metric, r.baseline, r.baselineMin, r.baselineMax))}</td><td class="num">${e(valueWithRange(r.metric, r.current, r.currentMin, r.currentMax))}</td><td class="num${deltaClass}">${e(deltaText(r))}</td><td class="num">${e(formatMetricValue(r.metric, r.allowance))}</td><td class="nowrap gauge">${e(changeGauge(r))}</td>${paired ? `<td class="num">${e(pText(r))}</td>` : ''}<td class="nowrap">${e(changeWord(r))}</td></tr>`;
}
