/**
 * Human formatting of measured values: the one formatter every reporter (console table,
 * Markdown, JUnit, HTML) and the commands' messages use. Measurement code keeps bytes and
 * milliseconds; only reporters call these.
 *
 * A counter is printed in the unit its scenario's `counters` definition gives (written into the
 * results document as `counterDefinitions`); only a counter without one (an old document, a
 * scenario that defines none) has its unit guessed from its name, as metrics are.
 *
 * Byte sizes use the BINARY base, the same one budget thresholds parse with
 * (`harness/budgets/threshold.ts`): 1 KB = 1,024 B, 1 MB = 1,048,576 B, 1 GB = 1,073,741,824 B.
 * So a budget `'<8MB'` and a reported `8.00 MB` are the same number of bytes.
 */

import type { ScenarioCounterDefinitions } from '../results/results-document.js';
import type { CounterDefinition, MetricName } from '../scenario/types.js';

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Short column headings of the metrics, shared by every table and chart. */
export const METRIC_LABELS: Readonly<Record<MetricName, string>> = Object.freeze({
  heapDeltaBytes: 'heap Δ (peak)',
  liveHeapDeltaBytes: 'live heap Δ',
  retainedHeapBytes: 'retained heap',
  peakRssBytes: 'peak RSS',
  durationMs: 'duration',
  cpuMs: 'CPU time',
  oldGenPeakDeltaBytes: 'old-gen peak Δ',
  youngGenPeakBytes: 'young-gen peak',
});

/**
 * What a value measures, which decides how it is printed: bytes (binary units), milliseconds,
 * a ratio (a fraction shown as a percentage), or a plain number.
 */
export type ValueUnit = 'bytes' | 'ms' | 'ratio' | 'plain';

/** Text printed for a value that is missing or not finite (a run that reported nothing). */
export const MISSING_VALUE = 'n/a';

/**
 * Three significant digits, without a trailing `.0`-style padding beyond them:
 * 1.23, 12.3, 123, 1234.
 */
function threeSignificant(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/**
 * Bytes as a short human string in binary units: `512 B`, `1.50 KB`, `12.3 MB`, `1.02 GB`.
 * Negative values keep their sign (`-2.00 MB`); non-finite values print {@link MISSING_VALUE}.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return MISSING_VALUE;
  if (Object.is(bytes, -0)) bytes = 0;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.7 KB would round to "1024 KB": show it as the next unit instead.
  if (unit > 0 && Number(threeSignificant(value)) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) {
    // Sub-byte precision matters for slopes (bytes per record), not for sizes.
    const text = value < 10 && !Number.isInteger(value) ? value.toFixed(1) : String(Math.round(value));
    return Number(text) === 0 ? '0 B' : `${sign}${text} B`;
  }
  return `${sign}${threeSignificant(value)} ${BYTE_UNITS[unit]}`;
}

/**
 * Milliseconds as a short human string: `0.42 ms`, `12.3 ms`, `850 ms`, `1.23 s`, `95.0 s`.
 * Non-finite values print {@link MISSING_VALUE}.
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING_VALUE;
  if (Math.abs(ms) < 0.005) return '0 ms';
  if (Math.abs(ms) < 1000) return `${threeSignificant(ms)} ms`;
  return `${threeSignificant(ms / 1000)} s`;
}

/**
 * A duration the way `--timeout` takes one: `850ms`, `1.5s`, `30s`, `1m30s`, `10m`, `1h5m`
 * (parts that are zero are left out; below a minute to a tenth of a second, above it to the
 * second). Non-finite values print {@link MISSING_VALUE}.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING_VALUE;
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 60_000) return `${sign}${trimZeros((Math.round(abs / 100) / 10).toFixed(1))}s`;
  const total = Math.round(abs / 1000);
  const parts = [
    [Math.floor(total / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'm'],
    [total % 60, 's'],
  ] as const;
  return sign + parts.map(([n, unit]) => (n > 0 ? `${n}${unit}` : '')).join('');
}

/**
 * A plain number (counter, exponent, ratio): integers with thousands separators (`1,318`),
 * fractions with three significant digits (`0.953`, `1.92`).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return MISSING_VALUE;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 1) return threeSignificant(value);
  return value.toPrecision(3);
}

/** A fraction as a percentage, one decimal: `0.9534` → `95.3%`, `1` → `100.0%`. */
export function formatRatio(fraction: number): string {
  if (!Number.isFinite(fraction)) return MISSING_VALUE;
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A fraction as a signed percentage (a change): `0.123` → `+12.3%`, `-0.05` → `-5.0%`. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return MISSING_VALUE;
  const pct = fraction * 100;
  const sign = pct > 0 ? '+' : '';
  return `${sign}${Math.abs(pct) >= 100 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** A record count in short form for axis labels: `1k`, `10k`, `1.5M`, `500`. */
export function formatRecords(records: number): string {
  if (!Number.isFinite(records)) return MISSING_VALUE;
  if (records >= 1_000_000) return `${trimZeros((records / 1_000_000).toFixed(1))}M`;
  if (records >= 1_000) return `${trimZeros((records / 1_000).toFixed(1))}k`;
  return String(records);
}

function trimZeros(s: string): string {
  return s.replace(/\.0$/, '');
}

/**
 * The unit of a verdict or summary metric name. `counters.<name>` takes the unit of
 * `counters[name]` when that definition gives one. Otherwise by name: names ending in `Bytes`
 * are bytes, ending in `Ms` are milliseconds; `growth.<metric>` has its metric's unit;
 * `growth.<metric>.exponent` and other counters are plain numbers. Names starting with `bytes`
 * (`bytesPerRecord`, `bytesWritten`) are bytes too.
 *
 * @param counters The scenario's counter definitions (`doc.counterDefinitions[scenario]`).
 *   @default none: every unit is guessed from the name
 */
export function metricUnit(metric: string, counters?: ScenarioCounterDefinitions): ValueUnit {
  if (metric.startsWith('counters.')) {
    const defined = definedUnit(counters?.[metric.slice('counters.'.length)]);
    if (defined !== undefined) return defined;
  }
  if (metric.endsWith('.exponent')) return 'plain';
  const last = metric.slice(metric.lastIndexOf('.') + 1);
  if (/Bytes$/.test(last) || /^bytes/.test(last)) return 'bytes';
  if (/Ms$/.test(last) || last === 'ms') return 'ms';
  return 'plain';
}

/** The unit a counter definition states; undefined when it states none. */
function definedUnit(definition: CounterDefinition | undefined): ValueUnit | undefined {
  switch (definition?.unit) {
    case 'bytes':
      return 'bytes';
    case 'ms':
      return 'ms';
    case 'ratio':
      return 'ratio';
    case 'count':
    case 'per-second':
      return 'plain';
    default:
      return undefined;
  }
}

/** Formats `value` in `unit`. Non-finite values print {@link MISSING_VALUE}. */
export function formatValue(value: number, unit: ValueUnit): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'ms':
      return formatMs(value);
    case 'ratio':
      return formatRatio(value);
    default:
      return formatNumber(value);
  }
}

/**
 * Formats `value` in the unit {@link metricUnit} gives `metric` (a metric, `counters.<name>`,
 * `growth.<metric>`…), using the scenario's counter definitions for counters.
 */
export function formatMetricValue(metric: string, value: number, counters?: ScenarioCounterDefinitions): string {
  return formatValue(value, metricUnit(metric, counters));
}

/** Formats counter `name`'s `value` from its definition in `counters` (by name when it has none). */
export function formatCounterValue(name: string, value: number, counters?: ScenarioCounterDefinitions): string {
  return formatMetricValue(`counters.${name}`, value, counters);
}

/** A counter's label from its definition, else its name. */
export function counterLabel(name: string, counters?: ScenarioCounterDefinitions): string {
  return counters?.[name]?.label ?? name;
}
