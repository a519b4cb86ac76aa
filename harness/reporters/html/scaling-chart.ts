/**
 * Scaling curve: a metric's median against the record count (log x axis) per variant, with
 * min–max whiskers, and the least-squares line of the growth fit drawn dashed. The legend
 * carries the fitted slope (bytes per record) and the growth class.
 */
import type { GrowthFit } from '../../growth/fit-growth.js';
import type { Summary } from '../../results/results-document.js';
import type { MetricName } from '../../scenario/types.js';
import { formatMetricValue, metricUnit } from '../format-units.js';
import { escapeHtml } from './escape-html.js';
import {
  DEFAULT_FRAME,
  linearScale,
  logScale,
  openSvg,
  pathData,
  recordTicks,
  renderAxes,
  renderLegend,
  round,
  safeColour,
  unitTicks,
  type Frame,
} from './svg-kit.js';

/** One variant's series on the chart. */
export interface ScalingSeries {
  readonly variant: string;
  readonly colour: string;
  /** The variant's summaries (any order); those without `ok` repeats are skipped. */
  readonly summaries: readonly Summary[];
  /** The growth fit of this variant and metric, when it has one. */
  readonly fit?: GrowthFit;
}

/** Human text for a fit: `512 B/record · linear`. */
export function describeFit(fit: GrowthFit): string {
  const slope = `${formatMetricValue(fit.metric, fit.slopePerRecord)}/record`;
  const exponent = fit.growthClass === 'superlinear' && fit.exponent !== null ? ` (exponent ${fit.exponent.toFixed(2)})` : '';
  return `${slope} · ${fit.growthClass}${exponent}`;
}

/** Renders the chart and its legend, or an empty string when no variant has two record counts. */
export function renderScalingChart(
  metric: MetricName,
  label: string,
  series: readonly ScalingSeries[],
  frame: Frame = DEFAULT_FRAME,
): string {
  const lines = series
    .map((s) => ({
      ...s,
      points: s.summaries.filter((x) => x.repeats > 0 && Number.isFinite(x.median[metric])).sort((a, b) => a.records - b.records),
    }))
    .filter((s) => s.points.length >= 2);
  if (lines.length === 0) return '';
  const records = lines.flatMap((l) => l.points.map((p) => p.records));
  const rMin = Math.min(...records);
  const rMax = Math.max(...records);
  let lo = 0;
  let hi = 0;
  for (const l of lines) {
    for (const p of l.points) {
      hi = Math.max(hi, p.max[metric], p.median[metric]);
      lo = Math.min(lo, p.min[metric], p.median[metric]);
    }
  }
  const unit = metricUnit(metric);
  const yAxis = unitTicks(unit, lo, hi * 1.05 || 1);
  const pad = rMax > rMin ? 1.35 : 2;
  const x = logScale(rMin / pad, rMax * pad, frame.left, frame.width - frame.right);
  const y = linearScale(yAxis.domain[0], yAxis.domain[1], frame.height - frame.bottom, frame.top);
  const title = `${label} vs records`;
  const parts = [openSvg(frame, 'scaling', title)];
  parts.push(
    renderAxes(
      frame,
      { scale: x, ticks: recordTicks(records), title: 'records (log scale)' },
      { scale: y, ticks: yAxis.ticks, title: label },
    ),
  );
  for (const l of lines) {
    const colour = safeColour(l.colour);
    if (l.fit) {
      const first = l.points[0].records;
      const last = l.points[l.points.length - 1].records;
      const samples = Array.from({ length: 41 }, (_, k) => first * (last / first) ** (k / 40));
      const fitted = samples
        .map((r) => [r, l.fit!.intercept + l.fit!.slopePerRecord * r] as const)
        .map(([r, v]) => [x(r), y(Math.min(yAxis.domain[1], Math.max(yAxis.domain[0], v)))] as const);
      parts.push(
        `<path class="fit" d="${pathData(fitted)}" stroke="${colour}"><title>${escapeHtml(`${l.variant}: least-squares fit, ${describeFit(l.fit)}`)}</title></path>`,
      );
    }
    parts.push(
      `<path class="series" d="${pathData(l.points.map((p) => [x(p.records), y(p.median[metric])] as const))}" stroke="${colour}"/>`,
    );
    for (const p of l.points) {
      const px = round(x(p.records));
      if (p.max[metric] > p.min[metric]) {
        parts.push(`<path class="whisker" d="M${px} ${round(y(p.max[metric]))}L${px} ${round(y(p.min[metric]))}" stroke="${colour}"/>`);
      }
      const tip = `${l.variant}, ${p.records.toLocaleString('en-US')} records: median ${formatMetricValue(metric, p.median[metric])} (min ${formatMetricValue(metric, p.min[metric])}, max ${formatMetricValue(metric, p.max[metric])}, ${p.repeats} repeats)`;
      parts.push(
        `<circle class="point" cx="${px}" cy="${round(y(p.median[metric]))}" r="4" fill="${colour}"><title>${escapeHtml(tip)}</title></circle>`,
      );
    }
  }
  parts.push('</svg>');
  const legend = renderLegend([
    ...lines.map((l) => ({ colour: l.colour, text: l.fit ? `${l.variant}: ${describeFit(l.fit)}` : l.variant })),
    { colour: '#555555', text: 'least-squares fit', dashed: true },
  ]);
  return `<figure class="chart-box">${parts.join('')}${legend}</figure>`;
}
