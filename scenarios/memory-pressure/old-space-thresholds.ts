/**
 * Seed 003's thresholds moved to where a capped heap actually runs out.
 *
 * The handler's ratio is used heap over `heap_size_limit`, and `heap_size_limit` is the old
 * space *plus* the young generation's reservation (three semi-spaces: 48 MB on 64-bit Node 20
 * by default), which used heap never fills: live objects leave it for the old space. Under
 * `--max-old-space-size=256`, `heap_size_limit` is 304 MB and V8 gives up ("Ineffective
 * mark-compacts near heap limit") at about 245 MB used — 80 % of the limit — so a critical level
 * at 85 % and an emergency at 95 % are never reached (measured in this scenario's first runs).
 * Scaling each threshold by old space / heap limit (256 / 304 = 0.84 here) puts them at 70 / 85 /
 * 95 % of what the process can hold.
 */
import v8 from 'node:v8';
import { DEFAULT_PRESSURE_THRESHOLDS, type PressureThresholds } from '../../reference-impl/pressure/pressure-level.js';

const MIB = 1024 * 1024;

/** `--max-old-space-size` of this process from its `execArgv`, in MB; undefined when not set there. */
export function maxOldSpaceMb(execArgv: readonly string[] = process.execArgv): number | undefined {
  for (let i = execArgv.length - 1; i >= 0; i--) {
    const m = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(execArgv[i]!);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * The seed's thresholds × (old-space limit / heap size limit), capped at the seed's own values
 * (a share above 1 would only happen with a limit we misread).
 */
export function oldSpaceThresholds(
  oldSpaceBytes: number,
  heapLimitBytes: number = v8.getHeapStatistics().heap_size_limit,
  seed: PressureThresholds = DEFAULT_PRESSURE_THRESHOLDS,
): PressureThresholds {
  if (!(oldSpaceBytes > 0) || !(heapLimitBytes > 0)) throw new TypeError('oldSpaceBytes and heapLimitBytes must be positive byte counts');
  const share = Math.min(1, oldSpaceBytes / heapLimitBytes);
  return { warning: seed.warning * share, critical: seed.critical * share, emergency: seed.emergency * share };
}

/** The thresholds for this process: scaled when it runs under `--max-old-space-size`, else the seed's. */
export function thresholdsForThisProcess(): PressureThresholds {
  const mb = maxOldSpaceMb();
  return mb === undefined ? DEFAULT_PRESSURE_THRESHOLDS : oldSpaceThresholds(mb * MIB);
}
