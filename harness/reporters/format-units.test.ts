import { describe, expect, test } from 'vitest';
import {
  counterLabel,
  formatBytes,
  formatCounterValue,
  formatMetricValue,
  formatMs,
  formatNumber,
  formatPercent,
  formatRatio,
  formatRecords,
  metricUnit,
} from './format-units.js';

describe('format-units', () => {
  test('bytes in binary units, three significant digits', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(8 * 1048576)).toBe('8.00 MB');
    expect(formatBytes(12.3 * 1048576)).toBe('12.3 MB');
    expect(formatBytes(123.4 * 1048576)).toBe('123 MB');
    expect(formatBytes(1023.9 * 1024)).toBe('1.00 MB');
    expect(formatBytes(-2 * 1048576)).toBe('-2.00 MB');
    expect(formatBytes(0.3)).toBe('0.3 B');
    expect(formatBytes(-0.01)).toBe('0 B');
    expect(formatBytes(Number.NaN)).toBe('n/a');
  });

  test('milliseconds switch to seconds at 1 s', () => {
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(null as unknown as number)).toBe('n/a');
  });

  test('numbers, percentages, record counts', () => {
    expect(formatNumber(1318)).toBe('1,318');
    expect(formatNumber(0.9534)).toBe('0.953');
    expect(formatPercent(0.123)).toBe('+12.3%');
    expect(formatPercent(-0.05)).toBe('-5.0%');
    expect(formatRecords(100000)).toBe('100k');
    expect(formatRecords(1500000)).toBe('1.5M');
  });

  test('metric units follow the name', () => {
    expect(metricUnit('heapDeltaBytes')).toBe('bytes');
    expect(metricUnit('growth.heapDeltaBytes')).toBe('bytes');
    expect(metricUnit('growth.heapDeltaBytes.exponent')).toBe('plain');
    expect(metricUnit('durationMs')).toBe('ms');
    expect(metricUnit('counters.hitRate')).toBe('plain');
    expect(formatMetricValue('counters.bytesPerRecord', 2048)).toBe('2.00 KB');
  });

  test('a counter definition decides its unit; the name only when it has none', () => {
    const counters = { hitRate: { unit: 'ratio' as const }, bytesSeen: { unit: 'count' as const }, waitMs: { label: 'wait' } };
    expect(metricUnit('counters.hitRate', counters)).toBe('ratio');
    expect(metricUnit('counters.bytesSeen', counters)).toBe('plain');
    expect(metricUnit('counters.waitMs', counters)).toBe('ms');
    expect(metricUnit('counters.hitRate')).toBe('plain');
    expect(formatCounterValue('hitRate', 0.9534, counters)).toBe('95.3%');
    expect(formatCounterValue('bytesSeen', 2048, counters)).toBe('2,048');
    expect(formatCounterValue('bytesSeen', 2048)).toBe('2.00 KB');
    expect(formatRatio(1)).toBe('100.0%');
    expect(formatRatio(Number.NaN)).toBe('n/a');
    expect(counterLabel('waitMs', counters)).toBe('wait');
    expect(counterLabel('hitRate', counters)).toBe('hitRate');
  });
});
