/**
 * Leak chart: retained heap after each iteration of an iterated run (`--iterations N`) against
 * the iteration number, per variant, with the least-squares line of its leak fit drawn dashed
 * over the iterations it was fitted on. Warm-up iterations, left out of the fit, are hollow.
 * The legend carries bytes per iteration, its standard error and R².
 */
import type { LeakFit, RunResult } from '../../results/results-document.js';
import { formatBytes } from '../format-units.js';
import { escapeHtml } from './escape-html.js';
import {
  DEFAULT_FRAME,
  linearScale,
  niceTicks,
  openSvg,
  pathData,
  renderAxes,
  renderLegend,
  round,
  safeColour,
  unitTicks,
  type Frame,
} from './svg-kit.js';

/** One variant's iterated run on the chart. */
export interface LeakSeries {
  readonly variant: string;
  readonly colour: string;
  readonly run: RunResult & { readonly leak: LeakFit };
}

/** `2.03 KB/iteration ± 5 B, R² 1.000`. */
export function describeLeak(leak: Pick<LeakFit, 'bytesPerIteration' | 'standardErrorBytes' | 'r2'>): string {
  const r2 = Number.isFinite(leak.r2) ? leak.r2.toFixed(3) : 'n/a';
  return `${formatBytes(leak.bytesPerIteration)}/iteration ± ${formatBytes(leak.standardErrorBytes)}, R² ${r2}`;
}

/**
 * The iterated run of `variant` at `records` whose slope is the median of its repeats (an
 * actual run, not an average), or undefined when none was iterated.
 */
export function pickLeakRun(
  runs: readonly RunResult[],
  variant: string,
  records: number,
): (RunResult & { readonly leak: LeakFit }) | undefined {
  const ok = runs.filter((r) => r.variant === variant && r.records === records && r.status === 'ok' && r.leak) as (RunResult & {
    readonly leak: LeakFit;
  })[];
  if (ok.length === 0) return undefined;
  const slopes = ok.map((r) => r.leak.bytesPerIteration).sort((a, b) => a - b);
  const median = slopes[Math.floor((slopes.length - 1) / 2)]!;
  return ok.reduce((best, r) => (Math.abs(r.leak.bytesPerIteration - median) < Math.abs(best.leak.bytesPerIteration - median) ? r : best));
}

/** Renders the chart and its legend, or an empty string when no series has readings. */
export function renderLeakChart(series: readonly LeakSeries[], title: string, frame: Frame = DEFAULT_FRAME): string {
  const lines = series.filter((s) => s.run.leak.retainedBytes.some(Number.isFinite));
  if (lines.length === 0) return '';
  const iterations = Math.max(...lines.map((l) => l.run.leak.retainedBytes.length));
  let lo = 0;
  let hi = 0;
  for (const l of lines) {
    for (const v of l.run.leak.retainedBytes) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const yAxis = unitTicks('bytes', lo, hi * 1.05 || 1);
  const x = linearScale(0.5, iterations + 0.5, frame.left, frame.width - frame.right);
  const y = linearScale(yAxis.domain[0], yAxis.domain[1], frame.height - frame.bottom, frame.top);
  const xTicks = niceTicks(1, iterations, Math.min(iterations, 10))
    .filter((t) => Number.isInteger(t) && t >= 1 && t <= iterations)
    .map((t) => ({ value: t, label: String(t) }));
  const parts = [openSvg(frame, 'leak', title)];
  parts.push(
    renderAxes(frame, { scale: x, ticks: xTicks, title: 'iteration' }, { scale: y, ticks: yAxis.ticks, title: 'retained heap (after GC)' }),
  );
  for (const l of lines) {
    const colour = safeColour(l.colour);
    const leak = l.run.leak;
    const first = leak.warmupIterations + 1;
    const last = leak.retainedBytes.length;
    if (Number.isFinite(leak.bytesPerIteration) && Number.isFinite(leak.interceptBytes)) {
      const fitted = [first, last].map((i) => [x(i), y(clamp(leak.interceptBytes + leak.bytesPerIteration * i, yAxis.domain))] as const);
      parts.push(
        `<path class="fit" d="${pathData(fitted)}" stroke="${colour}"><title>${escapeHtml(`${l.variant}: least-squares fit over iterations ${first}–${last}, ${describeLeak(leak)}`)}</title></path>`,
      );
    }
    leak.retainedBytes.forEach((v, k) => {
      if (!Number.isFinite(v)) return;
      const i = k + 1;
      const warmup = i < first;
      const tip = `${l.variant}, iteration ${i}${warmup ? ' (warm-up, not fitted)' : ''}: ${formatBytes(v)} retained`;
      const fill = warmup ? '#ffffff' : colour;
      parts.push(
        `<circle class="point" cx="${round(x(i))}" cy="${round(y(v))}" r="3.5" fill="${fill}" stroke="${colour}" stroke-width="1.5"><title>${escapeHtml(tip)}</title></circle>`,
      );
    });
  }
  parts.push('</svg>');
  const legend = renderLegend([
    ...lines.map((l) => ({ colour: l.colour, text: `${l.variant}: ${describeLeak(l.run.leak)}` })),
    { colour: '#555555', text: 'least-squares fit; hollow points are warm-up iterations (not fitted)', dashed: true },
  ]);
  return `<figure class="chart-box">${parts.join('')}${legend}</figure>`;
}

function clamp(v: number, [lo, hi]: readonly [number, number]): number {
  return Math.min(hi, Math.max(lo, v));
}
