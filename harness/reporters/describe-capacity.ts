/**
 * How a capacity projection reads in every report: which figure was projected, the record
 * count with its interval, or why there is none. Reads only the projection (results document).
 */
import type { CapacityProjection } from '../results/results-document.js';
import { formatBytes, formatNumber, formatRecords } from './format-units.js';

/** The projected figure in words: `baseline + live heap Δ`, `heap floor`… */
export function capacityMetricLabel(metric: string): string {
  switch (metric) {
    case 'liveHeapDeltaBytes':
      return 'baseline + live heap Δ';
    case 'heapDeltaBytes':
      return 'baseline + peak heap Δ (garbage included: a low, safe count)';
    case 'heapFloor':
      return 'heap floor (bisected --max-old-space-size)';
    default:
      return metric;
  }
}

/** `≈ 1,190,000 records (95 %: 1,150,000–1,230,000)`, or why there is no count. */
export function describeCapacityRecords(c: CapacityProjection): string {
  const range = `${formatRecords(c.records[0]!)}–${formatRecords(c.records[c.records.length - 1]!)}`;
  if (c.projectedRecords === null) {
    return `not bounded by records in the measured range (${c.growthClass} over ${range}; ${formatBytes(c.largestMeasuredBytes)} at ${formatRecords(c.records[c.records.length - 1]!)})`;
  }
  const interval =
    c.low !== null || c.high !== null
      ? ` (95 %: ${c.low === null ? '?' : formatNumber(c.low)}–${c.high === null ? 'unbounded' : formatNumber(c.high)})`
      : ' (no interval: two record counts)';
  const over = c.largestMeasuredBytes >= c.limitBytes ? '; already over the limit in the measured range' : '';
  const superlinear = c.growthClass === 'superlinear' ? '; superlinear: a straight line overstates it' : '';
  return `≈ ${formatNumber(c.projectedRecords)} records${interval}${over}${superlinear}`;
}

/** One line: `capacity under 512 MB, ccts before, from baseline + live heap Δ: ≈ … (351 B/record over 1k–270k, R² 1.000)`. */
export function describeCapacity(c: CapacityProjection): string {
  const range = `${formatRecords(c.records[0]!)}–${formatRecords(c.records[c.records.length - 1]!)}`;
  const fit =
    c.projectedRecords === null
      ? ''
      : ` (${formatBytes(c.bytesPerRecord)}/record over ${range}, ${c.records.length} record counts, R² ${Number.isFinite(c.r2) ? c.r2.toFixed(3) : 'n/a'})`;
  return `capacity under ${formatBytes(c.limitBytes)}: ${c.scenario} ${c.variant}, from ${capacityMetricLabel(c.metric)}: ${describeCapacityRecords(c)}${fit}`;
}
