/**
 * Small drawing kit for the report's inline SVG charts: scales, "nice" ticks in the metric's
 * unit, axes with grid lines, a colour per variant. No chart library: the report must open
 * offline from a single file.
 */
import { formatMs, formatRecords, type ValueUnit } from '../format-units.js';
import { escapeHtml } from './escape-html.js';

/** Plot geometry in SVG user units. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/**
 * The default frame of every chart (viewBox 600 × 300). Charts sit two to a row, about 520 CSS
 * pixels wide, so SVG text sizes stay close to their CSS sizes.
 */
export const DEFAULT_FRAME: Frame = Object.freeze({ width: 600, height: 300, left: 66, right: 16, top: 20, bottom: 50 });

/** A tick: position value and its label. */
export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** Maps a data value to an SVG coordinate. */
export type Scale = (value: number) => number;

/** Linear map of `[d0, d1]` onto `[r0, r1]`. A zero-width domain maps to the middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** Base-10 log map of `[d0, d1]` (both > 0) onto `[r0, r1]`. */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const lin = linearScale(l0, l1, r0, r1);
  return (v) => lin(Math.log10(Math.max(v, Number.MIN_VALUE)));
}

/** Up to about `count` round tick values (1, 2, 5 × 10^k steps) covering `[min, max]`. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max === min) max = min + 1;
  const rough = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / mag;
  const step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * mag;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/**
 * Round ticks in the unit humans read: bytes step in whole binary units (0, 20 MB, 40 MB…),
 * milliseconds switch to seconds past 2 s. The returned domain is the first/last tick.
 */
export function unitTicks(unit: ValueUnit, min: number, max: number, count = 5): { ticks: Tick[]; domain: [number, number] } {
  let scale = 1;
  let suffix = '';
  const extent = Math.max(Math.abs(min), Math.abs(max));
  if (unit === 'bytes') {
    let k = 0;
    while (extent / 1024 ** k >= 1024 && k < BYTE_UNITS.length - 1) k += 1;
    scale = 1024 ** k;
    suffix = ` ${BYTE_UNITS[k]}`;
  } else if (unit === 'ms') {
    if (extent >= 2000) {
      scale = 1000;
      suffix = ' s';
    } else suffix = ' ms';
  }
  const raw = niceTicks(min / scale, max / scale, count);
  const ticks = raw.map((t) => ({ value: t * scale, label: `${trimNumber(t)}${suffix}` }));
  return { ticks, domain: [ticks[0].value, ticks[ticks.length - 1].value] };
}

function trimNumber(n: number): string {
  return String(Number(n.toPrecision(6)));
}

/** Axis ticks for a record-count log axis: one tick per record count present. */
export function recordTicks(records: readonly number[]): Tick[] {
  return [...new Set(records)].sort((a, b) => a - b).map((r) => ({ value: r, label: formatRecords(r) }));
}

/** Ticks of a milliseconds time axis starting at 0. */
export function timeTicks(maxMs: number, count = 6): { ticks: Tick[]; domain: [number, number] } {
  const seconds = maxMs >= 2000;
  const raw = niceTicks(0, seconds ? maxMs / 1000 : maxMs, count);
  const ticks = raw.map((t) => ({ value: seconds ? t * 1000 : t, label: seconds ? `${trimNumber(t)} s` : formatMs(t) }));
  return { ticks, domain: [0, ticks[ticks.length - 1].value] };
}

/** Grid lines, tick labels and axis titles of a frame. */
export function renderAxes(
  frame: Frame,
  x: { scale: Scale; ticks: readonly Tick[]; title: string },
  y: { scale: Scale; ticks: readonly Tick[]; title: string },
): string {
  const { left, top, width, height, right, bottom } = frame;
  const x1 = width - right;
  const y1 = height - bottom;
  const parts: string[] = [];
  for (const t of y.ticks) {
    const py = round(y.scale(t.value));
    parts.push(`<line class="grid" x1="${left}" x2="${x1}" y1="${py}" y2="${py}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${escapeHtml(t.label)}</text>`);
  }
  for (const t of x.ticks) {
    const px = round(x.scale(t.value));
    parts.push(`<line class="grid grid-x" x1="${px}" x2="${px}" y1="${top}" y2="${y1}"/>`);
    parts.push(`<text class="tick" x="${px}" y="${y1 + 17}" text-anchor="middle">${escapeHtml(t.label)}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${x1}" y1="${y1}" y2="${y1}"/>`);
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${y1}"/>`);
  parts.push(`<text class="axis-title" x="${(left + x1) / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(x.title)}</text>`);
  parts.push(
    `<text class="axis-title" transform="translate(14 ${(top + y1) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(y.title)}</text>`,
  );
  return parts.join('');
}

/** Opens a chart: a responsive `<svg>` with an accessible title. */
export function openSvg(frame: Frame, kind: string, title: string): string {
  return `<svg class="chart" data-chart="${escapeHtml(kind)}" viewBox="0 0 ${frame.width} ${frame.height}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>`;
}

/** SVG path data through points (`M x y L x y …`), one decimal place. */
export function pathData(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`).join('');
}

/** Rounds a coordinate to one decimal place. */
export function round(v: number): number {
  return Math.round(v * 10) / 10;
}

const NAMED_COLOURS: Readonly<Record<string, string>> = Object.freeze({ before: '#d1495b', after: '#2e86ab' });
const PALETTE = ['#2e86ab', '#e08e0b', '#3b8b5a', '#8d6a9f', '#00798c', '#b5651d', '#5f6f94', '#a23b72'];

/**
 * A colour per variant, stable within a scenario: `before…` variants red, the first `after…`
 * blue, the rest from a palette in order of appearance.
 */
export function variantColours(variants: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const v of variants) {
    const named =
      v === 'before' || v.startsWith('before-')
        ? NAMED_COLOURS.before
        : v === 'after' || v.startsWith('after')
          ? NAMED_COLOURS.after
          : undefined;
    if (named && !used.has(named)) {
      out.set(v, named);
      used.add(named);
    }
  }
  let i = 0;
  for (const v of variants) {
    if (out.has(v)) continue;
    while (used.has(PALETTE[i % PALETTE.length]) && i < PALETTE.length * 2) i += 1;
    const colour = PALETTE[i % PALETTE.length];
    out.set(v, colour);
    used.add(colour);
    i += 1;
  }
  return out;
}

/** An HTML legend: a swatch and text per entry (text escaped here). */
export function renderLegend(entries: readonly { colour: string; text: string; dashed?: boolean; light?: boolean }[]): string {
  const items = entries.map(
    (e) =>
      `<li><span class="swatch${e.dashed ? ' dashed' : ''}${e.light ? ' light' : ''}" style="--c:${safeColour(e.colour)}"></span>${escapeHtml(e.text)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** A comparator as printed: `<=` → `≤`, `>=` → `≥`. */
export function comparatorGlyph(c: string): string {
  return c === '<=' ? '≤' : c === '>=' ? '≥' : c;
}

/** Only `#rrggbb` colours reach a style attribute. */
export function safeColour(c: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(c) ? c : '#777777';
}
