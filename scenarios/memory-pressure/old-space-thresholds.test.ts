/** The thresholds follow the old space's share of the heap limit, read from a real capped child. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { maxOldSpaceMb, oldSpaceThresholds } from './old-space-thresholds.js';

const MIB = 1024 * 1024;

describe('oldSpaceThresholds', () => {
  it('scales the seed thresholds by old space / heap limit, and never above the seed', () => {
    const t = oldSpaceThresholds(256 * MIB, 304 * MIB);
    expect(t.warning).toBeCloseTo(0.7 * (256 / 304));
    expect(t.critical).toBeCloseTo(0.85 * (256 / 304));
    expect(t.emergency).toBeCloseTo(0.95 * (256 / 304));
    expect(oldSpaceThresholds(400 * MIB, 304 * MIB)).toEqual({ warning: 0.7, critical: 0.85, emergency: 0.95 });
    expect(() => oldSpaceThresholds(0, 1)).toThrow(TypeError);
  });

  it('reads --max-old-space-size from execArgv (the last one wins, as in node)', () => {
    expect(maxOldSpaceMb(['--expose-gc', '--max-old-space-size=128', '--max_old_space_size=256'])).toBe(256);
    expect(maxOldSpaceMb(['--expose-gc'])).toBeUndefined();
  });

  it('puts emergency below where a 256 MB child can get to: its heap limit carries the young generation', () => {
    const limit = Number(
      execFileSync(process.execPath, [
        '--max-old-space-size=256',
        '-e',
        "process.stdout.write(String(require('v8').getHeapStatistics().heap_size_limit))",
      ]),
    );
    expect(limit).toBeGreaterThan(256 * MIB);
    const t = oldSpaceThresholds(256 * MIB, limit);
    expect(t.emergency * limit).toBeCloseTo(0.95 * 256 * MIB, -3);
  });
});
