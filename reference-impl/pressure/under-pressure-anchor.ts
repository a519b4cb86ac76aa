/**
 * `@fastify/under-pressure` configured as the anchor the memory-pressure handler is compared
 * with: one absolute heap threshold at 95 % of the heap size limit (seed 003's emergency
 * threshold), sampled as often as the handler samples and answering with the same
 * `Retry-After`, so a comparison differs only in what the two do, not in how they are tuned.
 *
 * Both look at the same quantity: under-pressure reads `process.memoryUsage().heapUsed`, which
 * is V8's `used_heap_size`, the numerator of the handler's ratio. What under-pressure does not
 * have: tiers (one threshold answers 503 to every route alike), hysteresis (it serves again on
 * the first sample under the threshold) and recovery actions.
 */
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import v8 from 'node:v8';
import { DEFAULT_RETRY_AFTER_SECONDS, DEFAULT_SAMPLE_INTERVAL_MS, DEFAULT_UNDER_PRESSURE_HEAP_RATIO } from './pressure-defaults.js';

/** Options of {@link underPressureAnchorOptions}. */
export interface UnderPressureAnchorOptions {
  /** Share of the heap size limit above which every request gets 503, in (0, 1]. @default DEFAULT_UNDER_PRESSURE_HEAP_RATIO (0.95) */
  readonly heapRatio?: number;
  /** under-pressure's `sampleInterval`, in milliseconds. @default DEFAULT_SAMPLE_INTERVAL_MS (250, as the handler) */
  readonly sampleIntervalMs?: number;
  /** under-pressure's `retryAfter`, in seconds. @default DEFAULT_RETRY_AFTER_SECONDS (10, as the DegradationManager) */
  readonly retryAfterSeconds?: number;
  /** The heap size limit the ratio applies to, in bytes. @default v8.getHeapStatistics().heap_size_limit */
  readonly heapLimitBytes?: number;
}

/** under-pressure's options for the anchor: `maxHeapUsedBytes = floor(heapRatio × heap limit)`. */
export function underPressureAnchorOptions(options: UnderPressureAnchorOptions = {}): FastifyUnderPressureOptions {
  const heapRatio = options.heapRatio ?? DEFAULT_UNDER_PRESSURE_HEAP_RATIO;
  if (typeof heapRatio !== 'number' || !(heapRatio > 0 && heapRatio <= 1)) {
    throw new TypeError(`heapRatio must be a share of the heap size limit in (0, 1], got ${String(heapRatio)}`);
  }
  const sampleIntervalMs = options.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  if (!Number.isInteger(sampleIntervalMs) || sampleIntervalMs < 10) {
    // under-pressure raises anything below its 10 ms event-loop resolution to 10 ms.
    throw new TypeError(`sampleIntervalMs must be a whole number of milliseconds ≥ 10, got ${String(sampleIntervalMs)}`);
  }
  const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 1) {
    throw new TypeError(`retryAfterSeconds must be a whole number of seconds ≥ 1, got ${String(retryAfterSeconds)}`);
  }
  const heapLimitBytes = options.heapLimitBytes ?? v8.getHeapStatistics().heap_size_limit;
  if (!Number.isInteger(heapLimitBytes) || heapLimitBytes < 1) {
    throw new TypeError(`heapLimitBytes must be a whole number of bytes ≥ 1, got ${String(heapLimitBytes)}`);
  }
  return {
    // under-pressure treats 0 as "no check", so the threshold is at least one byte.
    maxHeapUsedBytes: Math.max(1, Math.floor(heapRatio * heapLimitBytes)),
    sampleInterval: sampleIntervalMs,
    retryAfter: retryAfterSeconds,
  };
}

/** Registers `@fastify/under-pressure` on `app` with {@link underPressureAnchorOptions}. */
export async function registerUnderPressureAnchor(app: FastifyInstance, options: UnderPressureAnchorOptions = {}): Promise<void> {
  await app.register(underPressure, underPressureAnchorOptions(options));
}
