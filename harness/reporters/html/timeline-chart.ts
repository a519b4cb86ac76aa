/**
 * Heap timeline chart: used heap above the run's baseline over the measured phase, one line per
 * variant overlaid, with the collections the GC profiler saw. The line runs through every
 * timeline sample AND every collection's before/after figures, so the sawtooth peaks that the
 * peak-heap metric reports are on the line even between samples.
 */
import type { RunResult, Timeline } from '../../results/results-document.js';
import { formatBytes, formatMs } from '../format-units.js';
import { escapeHtml } from './escape-html.js';
import {
  DEFAULT_FRAME,
  linearScale,
  openSvg,
  pathData,
  renderAxes,
  renderLegend,
  round,
  safeColour,
  timeTicks,
  unitTicks,
  type Frame,
} from './svg-kit.js';

/** One line of the chart: a variant's chosen run. */
export interface TimelineSeries {
  readonly variant: string;
  readonly colour: string;
  readonly run: RunResult & { readonly timeline: Timeline };
}

/** Most points drawn per line; longer timelines keep each bucket's first, min, max and last. */
export const MAX_POINTS_PER_LINE = 1200;
/** Most collection markers drawn per line (evenly thinned beyond). */
export const MAX_GC_MARKERS_PER_LINE = 300;

/**
 * Picks the run to draw for a variant: among `ok` runs with a timeline at `records`, the one
 * whose peak heap is closest to the median of those runs (the "median repeat"); otherwise the
 * first run with a timeline at that count.
 */
export function pickTimelineRun(
  runs: readonly RunResult[],
  variant: string,
  records: number,
): (RunResult & { timeline: Timeline }) | undefined {
  const candidates = runs.filter(
    (r) => r.variant === variant && r.records === records && r.timeline && r.timeline.samples.length + r.timeline.gcEvents.length > 0,
  ) as (RunResult & { timeline: Timeline })[];
  const ok = candidates.filter((r) => r.status === 'ok' && r.metrics);
  if (ok.length === 0) return candidates[0];
  const peaks = ok.map((r) => r.metrics!.heapDeltaBytes).sort((a, b) => a - b);
  const median = peaks[Math.floor((peaks.length - 1) / 2)];
  return ok.reduce((best, r) =>
    Math.abs(r.metrics!.heapDeltaBytes - median) < Math.abs(best.metrics!.heapDeltaBytes - median) ? r : best,
  );
}

/** Renders the chart and its legend, or an empty string when no series has points. */
export function renderTimelineChart(series: readonly TimelineSeries[], title: string, frame: Frame = DEFAULT_FRAME): string {
  const lines = series.map((s) => ({ ...s, points: timelinePoints(s.run.timeline) })).filter((s) => s.points.length > 0);
  if (lines.length === 0) return '';
  let maxT = 0;
  let minY = 0;
  let maxY = 0;
  for (const l of lines) {
    for (const [t, y] of l.points) {
      maxT = Math.max(maxT, t);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  const xAxis = timeTicks(maxT || 1);
  const yAxis = unitTicks('bytes', minY, maxY || 1);
  const x = linearScale(xAxis.domain[0], xAxis.domain[1], frame.left, frame.width - frame.right);
  const y = linearScale(yAxis.domain[0], yAxis.domain[1], frame.height - frame.bottom, frame.top);
  const parts = [openSvg(frame, 'timeline', title)];
  parts.push(
    renderAxes(
      frame,
      { scale: x, ticks: xAxis.ticks, title: 'time since run() started (to the closing GC)' },
      { scale: y, ticks: yAxis.ticks, title: 'used heap − baseline' },
    ),
  );
  const baselineY = round(y(0));
  parts.push(`<line class="zero" x1="${frame.left}" x2="${frame.width - frame.right}" y1="${baselineY}" y2="${baselineY}"/>`);
  for (const l of lines) {
    const colour = safeColour(l.colour);
    const d = pathData(downsample(l.points, MAX_POINTS_PER_LINE).map(([t, v]) => [x(t), y(v)] as const));
    parts.push(
      `<path class="series" d="${d}" stroke="${colour}"><title>${escapeHtml(`${l.variant}: ${l.run.records} records, repeat ${l.run.repeat}`)}</title></path>`,
    );
  }
  // Markers after all lines so no line hides them.
  for (const l of lines) {
    const colour = safeColour(l.colour);
    const base = l.run.timeline.baselineHeapBytes;
    const events = thin(
      l.run.timeline.gcEvents.filter((e) => e.beforeBytes !== undefined),
      MAX_GC_MARKERS_PER_LINE,
    );
    const rugY = frame.height - frame.bottom;
    for (const e of events) {
      const px = round(x(e.tMs));
      const tip = `${l.variant}: ${e.kind} GC at ${formatMs(e.tMs)}, ${formatBytes((e.beforeBytes ?? base) - base)} → ${formatBytes((e.afterBytes ?? e.beforeBytes ?? base) - base)} (${formatMs(e.durationMs)})`;
      if (e.kind === 'major' || e.kind === 'incremental') {
        const py = round(y((e.beforeBytes ?? base) - base));
        parts.push(
          `<path class="gc-major" d="M${px - 4} ${py - 7}L${px + 4} ${py - 7}L${px} ${py - 1}Z" fill="${colour}"><title>${escapeHtml(tip)}</title></path>`,
        );
      } else {
        parts.push(
          `<line class="gc-minor" x1="${px}" x2="${px}" y1="${rugY}" y2="${rugY - 6}" stroke="${colour}"><title>${escapeHtml(tip)}</title></line>`,
        );
      }
    }
  }
  parts.push('</svg>');
  const legend = renderLegend([
    ...lines.map((l) => ({
      colour: l.colour,
      text: `${l.variant} (${l.run.records.toLocaleString('en-US')} records, repeat ${l.run.repeat}, ${l.run.timeline.gcEvents.length} GCs)`,
    })),
    { colour: '#555555', text: '▼ major GC (peak before it)   | minor GC (ticks on the axis)' },
  ]);
  return `<figure class="chart-box">${parts.join('')}${legend}</figure>`;
}

/** Samples and collection before/after points, relative to the baseline, sorted by time. */
export function timelinePoints(timeline: Timeline): [number, number][] {
  const base = timeline.baselineHeapBytes;
  const pts: [number, number][] = [];
  for (const s of timeline.samples)
    if (Number.isFinite(s.tMs) && Number.isFinite(s.heapUsedBytes)) pts.push([s.tMs, s.heapUsedBytes - base]);
  for (const e of timeline.gcEvents) {
    if (e.beforeBytes !== undefined && Number.isFinite(e.beforeBytes)) pts.push([e.tMs, e.beforeBytes - base]);
    if (e.afterBytes !== undefined && Number.isFinite(e.afterBytes))
      pts.push([e.tMs + Math.max(0, e.durationMs || 0), e.afterBytes - base]);
  }
  // Stable order keeps a collection's before point ahead of its after point at equal times.
  return pts
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p[0] - b.p[0] || a.i - b.i)
    .map(({ p }) => p);
}

/** Keeps each time bucket's first, lowest, highest and last point, in time order. */
export function downsample(points: readonly [number, number][], max: number): [number, number][] {
  if (points.length <= max) return [...points];
  const buckets = Math.max(1, Math.floor(max / 4));
  const t0 = points[0][0];
  const span = points[points.length - 1][0] - t0 || 1;
  const out: [number, number][] = [];
  let i = 0;
  for (let b = 0; b < buckets; b += 1) {
    const end = b === buckets - 1 ? Infinity : t0 + (span * (b + 1)) / buckets;
    const bucket: { p: [number, number]; i: number }[] = [];
    while (i < points.length && points[i][0] <= end) {
      bucket.push({ p: points[i], i });
      i += 1;
    }
    if (bucket.length === 0) continue;
    let lo = bucket[0];
    let hi = bucket[0];
    for (const q of bucket) {
      if (q.p[1] < lo.p[1]) lo = q;
      if (q.p[1] > hi.p[1]) hi = q;
    }
    const keep = new Map([bucket[0], lo, hi, bucket[bucket.length - 1]].map((q) => [q.i, q.p]));
    for (const k of [...keep.keys()].sort((a, b) => a - b)) out.push(keep.get(k)!);
  }
  return out;
}

function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, k) => items[Math.floor(k * step)]);
}
