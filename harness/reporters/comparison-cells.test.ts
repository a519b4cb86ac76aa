import { describe, expect, it } from 'vitest';
import type { ComparisonRow } from '../results/results-document.js';
import { changeGauge, changeWord, deltaText, sortRowsByChange } from './comparison-cells.js';

const KB = 1024;
const row = (over: Partial<ComparisonRow>): ComparisonRow => ({
  scenario: 's',
  variant: 'v',
  records: 1,
  metric: 'retainedHeapBytes',
  baseline: -19.5 * KB,
  current: 108 * KB,
  currentMin: 108 * KB,
  currentMax: 108 * KB,
  allowance: 512 * KB,
  limit: 492.5 * KB,
  relativeChange: (127.5 * KB) / (19.5 * KB),
  change: 'unchanged',
  ...over,
});

describe('comparison cells', () => {
  it('shows a change inside the noise floor as unchanged, without a percentage', () => {
    const r = row({});
    expect(changeWord(r)).toBe('≈ unchanged');
    expect(deltaText(r)).toBe('+128 KB');
    expect(deltaText(r)).not.toContain('%');
    // Inside the band: the marker sits among the ░ cells.
    expect(changeGauge(r)).toBe('────░░░░░●░░░────');
  });

  it('shows a change beyond the allowance with its percentage and the marker outside the band', () => {
    const r = row({
      metric: 'heapDeltaBytes',
      baseline: 10 * 1024 * KB,
      current: 25 * 1024 * KB,
      allowance: 2 * 1024 * KB,
      relativeChange: 1.5,
      change: 'regressed',
    });
    expect(changeWord(r)).toBe('▲ regressed');
    expect(deltaText(r)).toBe('+15.0 MB (+150%)');
    expect(changeGauge(r).endsWith('▶')).toBe(true);
  });

  it('sorts regressions first', () => {
    const rows = [row({ variant: 'a' }), row({ variant: 'b', change: 'regressed' }), row({ variant: 'c', change: 'improved' })];
    expect(sortRowsByChange(rows).map((r) => r.variant)).toEqual(['b', 'c', 'a']);
  });
});
