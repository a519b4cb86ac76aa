/**
 * Grouped bar chart: one group per variant (or per base/head), bars for a metric's median with
 * min–max whiskers over the repeats, and horizontal lines for the limits that apply to a bar
 * (documented targets dashed grey, budgets solid red), each labelled with its value above the
 * line; labels of one bar are nudged apart so close limits (a 24 MB budget and a 25 MB target)
 * stay readable.
 */
import { formatMetricValue, type ValueUnit } from '../format-units.js';
import { escapeHtml } from './escape-html.js';
import { DEFAULT_FRAME, linearScale, openSvg, renderAxes, round, safeColour, unitTicks, type Frame } from './svg-kit.js';

/** A limit drawn across one bar. */
export interface BarLimit {
  readonly value: number;
  readonly kind: 'target' | 'budget';
  /** Short text drawn by the line, such as `≤ 25.0 MB`. */
  readonly label: string;
  /** Longer text for the tooltip, such as `target ≤ 25.0 MB (seed 001 §Performance)`. */
  readonly description?: string;
}

/** One bar. */
export interface Bar {
  /** Text under the bar (`peak`, `live`, `base`, `head`). */
  readonly label: string;
  /** The metric name, for value formatting. */
  readonly metric: string;
  readonly value: number;
  readonly min?: number;
  readonly max?: number;
  readonly colour: string;
  /** Drawn lighter (the second bar of a pair). */
  readonly light?: boolean;
  readonly limits?: readonly BarLimit[];
}

/** A group of bars with a label under it. */
export interface BarGroup {
  readonly label: string;
  readonly bars: readonly Bar[];
}

/** The bars frame: room under the plot for bar label, value and group label rows. */
export const BARS_FRAME: Frame = Object.freeze({ ...DEFAULT_FRAME, bottom: 60 });

/** A limit more than this many times the largest bar is clamped to the top (so bars stay readable). */
const MAX_LIMIT_STRETCH = 3;
/** Vertical room one limit label needs (SVG units). */
const LABEL_HEIGHT = 13;

/** Renders the chart (an `<svg>`), or an empty string when there is nothing to draw. */
export function renderBarsChart(
  groups: readonly BarGroup[],
  options: { title: string; unit: ValueUnit; yTitle: string; kind?: string },
  frame: Frame = BARS_FRAME,
): string {
  const drawn = groups.filter((g) => g.bars.length > 0);
  if (!drawn.some((g) => g.bars.some((b) => Number.isFinite(b.value)))) return '';
  let maxData = 0;
  let minData = 0;
  for (const g of drawn) {
    for (const b of g.bars) {
      for (const v of [b.value, b.max ?? b.value, b.min ?? b.value]) {
        if (!Number.isFinite(v)) continue;
        maxData = Math.max(maxData, v);
        minData = Math.min(minData, v);
      }
    }
  }
  let maxLimit = 0;
  for (const g of drawn)
    for (const b of g.bars) for (const l of b.limits ?? []) if (Number.isFinite(l.value)) maxLimit = Math.max(maxLimit, l.value);
  // Head room for the value and limit labels above the tallest bar or line.
  const top = Math.max(maxData, Math.min(maxLimit, (maxData || 1) * MAX_LIMIT_STRETCH)) * 1.12 || 1;
  const yAxis = unitTicks(options.unit, minData, top);
  const y = linearScale(yAxis.domain[0], yAxis.domain[1], frame.height - frame.bottom, frame.top);
  const plotLeft = frame.left + 6;
  const plotRight = frame.width - frame.right - 6;
  const barCount = drawn.reduce((n, g) => n + g.bars.length, 0);
  const gapUnits = 0.5; // extra space between groups, in slots
  const slot = (plotRight - plotLeft) / (barCount + gapUnits * drawn.length);
  const barWidth = Math.min(84, slot * 0.74);
  const parts = [openSvg(frame, options.kind ?? 'bars', options.title)];
  parts.push(renderAxes(frame, { scale: (v) => v, ticks: [], title: '' }, { scale: y, ticks: yAxis.ticks, title: options.yTitle }));
  const bottomY = frame.height - frame.bottom;
  let cursor = plotLeft + (slot * gapUnits) / 2;
  const overlay: string[] = [];
  for (const g of drawn) {
    const groupStart = cursor;
    for (const b of g.bars) {
      const cx = cursor + slot / 2;
      const x0 = round(cx - barWidth / 2);
      const colour = safeColour(b.colour);
      const hasRange = b.min !== undefined && b.max !== undefined && Number.isFinite(b.min) && Number.isFinite(b.max) && b.max > b.min;
      const tip = `${g.label} ${b.label}: ${formatMetricValue(b.metric, b.value)}${hasRange ? ` (min ${formatMetricValue(b.metric, b.min!)}, max ${formatMetricValue(b.metric, b.max!)})` : ''}`;
      if (Number.isFinite(b.value)) {
        const y0 = round(y(Math.max(0, b.value)));
        const y1 = round(y(Math.min(0, b.value)));
        parts.push(
          `<rect class="bar${b.light ? ' light' : ''}" x="${x0}" y="${y0}" width="${round(barWidth)}" height="${round(Math.max(0.5, y1 - y0))}" fill="${colour}"><title>${escapeHtml(tip)}</title></rect>`,
        );
        if (hasRange) {
          const wy0 = round(y(b.max!));
          const wy1 = round(y(b.min!));
          const cxr = round(cx);
          overlay.push(
            `<path class="whisker" d="M${cxr} ${wy0}L${cxr} ${wy1}M${cxr - 5} ${wy0}L${cxr + 5} ${wy0}M${cxr - 5} ${wy1}L${cxr + 5} ${wy1}"/>`,
          );
        }
      }
      // Values sit under the bars, so the plot area only carries limit labels and nothing collides.
      parts.push(`<text class="tick" x="${round(cx)}" y="${bottomY + 15}" text-anchor="middle">${escapeHtml(b.label)}</text>`);
      parts.push(
        `<text class="bar-value" x="${round(cx)}" y="${bottomY + 30}" text-anchor="middle">${escapeHtml(formatMetricValue(b.metric, b.value))}</text>`,
      );
      overlay.push(...renderLimits(b, g.label, cx, barWidth, y, yAxis.domain[1], frame));
      cursor += slot;
    }
    parts.push(
      `<text class="group-label" x="${round((groupStart + cursor) / 2)}" y="${bottomY + 49}" text-anchor="middle">${escapeHtml(g.label)}</text>`,
    );
    cursor += slot * gapUnits;
  }
  parts.push(...overlay, '</svg>');
  return parts.join('');
}

/** Limit lines across one bar, labels above them, nudged upwards so they never overlap. */
function renderLimits(b: Bar, group: string, cx: number, barWidth: number, y: (v: number) => number, yMax: number, frame: Frame): string[] {
  const limits = (b.limits ?? [])
    .filter((l) => Number.isFinite(l.value))
    .slice()
    .sort((p, q) => p.value - q.value);
  const out: string[] = [];
  let nextLabelY = Infinity; // labels go upwards from the lowest limit
  const half = barWidth / 2 + 7;
  for (const l of limits) {
    const clamped = l.value > yMax;
    const ly = round(clamped ? frame.top : y(l.value));
    const labelY = Math.max(frame.top - 6, Math.min(ly - 4, nextLabelY - LABEL_HEIGHT));
    nextLabelY = labelY;
    const tip = `${group} ${b.label}: ${l.description ?? `${l.kind} ${l.label}`}`;
    out.push(
      `<line class="limit ${l.kind}" x1="${round(cx - half)}" x2="${round(cx + half)}" y1="${ly}" y2="${ly}"><title>${escapeHtml(tip)}</title></line>`,
      `<text class="limit-label ${l.kind}" x="${round(cx)}" y="${round(labelY)}" text-anchor="middle"><title>${escapeHtml(tip)}</title>${escapeHtml(`${clamped ? '↑ ' : ''}${l.label}`)}</text>`,
    );
  }
  return out;
}
