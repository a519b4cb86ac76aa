import type { MemoryUsage } from './memory-usage.js';

/**
 * Thrown by {@link MemoryCircuitBreaker} when the heap is above its threshold (seed 001 §1).
 * Carries the reading that tripped it, so a caller can log it or retry with smaller batches
 * (seed 001 "Error Handling").
 */
export class MemoryCircuitBreakerError extends Error {
  /** Stable code for scripts and tests. */
  readonly code = 'HEAPGATE_MEMORY_CIRCUIT_OPEN' as const;
  /** The reading that was above the threshold. */
  readonly memoryUsage: MemoryUsage;
  /** The threshold it was compared with, in percent of the heap size limit. */
  readonly maxHeapPercent: number;

  constructor(memoryUsage: MemoryUsage, maxHeapPercent: number) {
    super(
      `Memory circuit breaker open: heap at ${memoryUsage.heapPercent.toFixed(1)}% of its limit ` +
        `(${memoryUsage.heapUsed} of ${memoryUsage.heapSizeLimit} bytes), threshold ${maxHeapPercent}%`,
    );
    this.name = 'MemoryCircuitBreakerError';
    this.memoryUsage = memoryUsage;
    this.maxHeapPercent = maxHeapPercent;
  }
}
