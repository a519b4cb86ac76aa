/**
 * Seed 004's memory health check ("Monitoring & Alerting"), computed against the heap size
 * limit instead of the seed's `heapUsed / heapTotal` (`heapTotal` is what V8 has reserved so
 * far and tracks `heapUsed` closely, so the seed's ratio reads "CRITICAL" in a healthy process;
 * see `readHeapPressure`).
 */
import { type HeapPressureReading, readHeapPressure } from './heap-pressure-reading.js';

/** Seed 004's statuses: above 0.9, 0.8, 0.7 of the heap limit, or below. */
export type HealthStatus = 'LOW' | 'MODERATE' | 'HIGH' | 'CRITICAL';

/** What {@link checkHealth} reports. */
export interface HealthReport {
  readonly heapUsedBytes: number;
  readonly heapLimitBytes: number;
  /** `heapUsedBytes / heapLimitBytes` (0–1). */
  readonly usageRatio: number;
  readonly status: HealthStatus;
  readonly recommendations: readonly string[];
}

/**
 * The seed's rules, thresholds strict as in the seed: `CRITICAL` above 0.9, `HIGH` above 0.8,
 * `MODERATE` above 0.7, else `LOW`. Recommendations follow the seed as written, which keys them
 * on 0.9 and 0.8 only, so `MODERATE` and `LOW` both read "Memory usage optimal".
 */
export function healthFromReading(reading: HeapPressureReading): HealthReport {
  const { usedBytes, limitBytes } = reading;
  if (!(usedBytes >= 0) || !(limitBytes > 0)) {
    throw new TypeError(`reading must be { usedBytes ≥ 0, limitBytes > 0 } in bytes, got ${String(usedBytes)} / ${String(limitBytes)}`);
  }
  const usageRatio = usedBytes / limitBytes;
  const status: HealthStatus = usageRatio > 0.9 ? 'CRITICAL' : usageRatio > 0.8 ? 'HIGH' : usageRatio > 0.7 ? 'MODERATE' : 'LOW';
  const recommendations =
    usageRatio > 0.9
      ? ['Scale up instances', 'Reduce cache size', 'Add Redis backend']
      : usageRatio > 0.8
        ? ['Monitor closely', 'Prepare scaling plan']
        : ['Memory usage optimal'];
  return { heapUsedBytes: usedBytes, heapLimitBytes: limitBytes, usageRatio, status, recommendations };
}

/** Reads the heap now and reports its health (seed 004 `checkMemoryHealth`). @param read @default readHeapPressure */
export function checkHealth(read: () => HeapPressureReading = readHeapPressure): HealthReport {
  return healthFromReading(read());
}
