/**
 * How reporters show one compared metric (a {@link ComparisonRow}): its change word, its
 * relative change only when it is outside the noise, and a small text gauge of the change
 * against the allowance. Shared by the Markdown summary and the HTML report, so both say the
 * same thing: a change inside the noise floor is "unchanged", never a red percentage.
 */
import type { ComparisonRow } from '../results/results-document.js';
import { formatMetricValue, formatPercent } from './format-units.js';

/** `▲ regressed`, `▼ improved`, `≈ unchanged`. */
export function changeWord(row: ComparisonRow): string {
  return row.change === 'regressed' ? '▲ regressed' : row.change === 'improved' ? '▼ improved' : '≈ unchanged';
}

/**
 * The Δ cell: signed absolute change, with the relative change beside it only when the metric
 * moved beyond its allowance (a −19.5 KB → 108 KB retained heap is `+128 KB`, not `+655 %`).
 */
export function deltaText(row: ComparisonRow): string {
  const delta = row.current - row.baseline;
  const abs = `${delta > 0 ? '+' : ''}${formatMetricValue(row.metric, delta)}`;
  const beyond = Math.abs(delta) > row.allowance;
  return beyond && row.relativeChange !== null ? `${abs} (${formatPercent(row.relativeChange)})` : abs;
}

/** `12.1 MB (11.9–12.3 MB)`: a value with its range when there is one. */
export function valueWithRange(metric: ComparisonRow['metric'], value: number, min?: number, max?: number): string {
  const v = formatMetricValue(metric, value);
  return min !== undefined && max !== undefined && max > min
    ? `${v} (${formatMetricValue(metric, min)}–${formatMetricValue(metric, max)})`
    : v;
}

/** Width of {@link changeGauge} in characters (odd: the middle is "no change"). */
export const GAUGE_WIDTH = 17;

/**
 * A text gauge of the change against the allowance: the axis spans ±2 allowances, the noise band
 * (±1 allowance) is `░`, outside it `─`, the change `●` (`◀`/`▶` at the ends when beyond).
 * `·····░░░●░░░·····` reads as "moved, but within the noise".
 */
export function changeGauge(row: ComparisonRow): string {
  const half = (GAUGE_WIDTH - 1) / 2;
  const normalised = row.allowance > 0 ? (row.current - row.baseline) / row.allowance : 0;
  const cells: string[] = Array.from({ length: GAUGE_WIDTH }, (_, i) => (Math.abs(i - half) <= half / 2 ? '░' : '─'));
  const at = Math.round(half + (normalised * half) / 2);
  if (at < 0) cells[0] = '◀';
  else if (at >= GAUGE_WIDTH) cells[GAUGE_WIDTH - 1] = '▶';
  else cells[at] = '●';
  return cells.join('');
}

/**
 * The p-value cell: `p 0.003` (paired), empty for a committed baseline; with a confirmation on
 * fresh repeats, its p-value too: `p 0.047 · fresh p 0.41, not confirmed`.
 */
export function pText(row: ComparisonRow): string {
  if (row.pValue === undefined) return '';
  const first = `p ${formatPValue(row.pValue)}`;
  const c = row.confirmation;
  return c ? `${first} · fresh p ${formatPValue(c.pValue)}, ${c.confirmed ? 'confirmed' : 'not confirmed'}` : first;
}

function formatPValue(p: number): string {
  return p < 0.001 ? '<0.001' : p.toPrecision(2);
}

/** Regressed first, then improved, then unchanged; stable within each. */
export function sortRowsByChange(rows: readonly ComparisonRow[]): ComparisonRow[] {
  const rank = { regressed: 0, improved: 1, unchanged: 2 } as const;
  return [...rows].sort((a, b) => rank[a.change] - rank[b.change]);
}
