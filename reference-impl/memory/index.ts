export { MemoryCircuitBreaker, type MemoryCircuitBreakerOptions } from './memory-circuit-breaker.js';
export { MemoryCircuitBreakerError } from './memory-circuit-breaker-error.js';
export { consoleMemoryLogger, type MemoryLogger } from './memory-logger.js';
export {
  MemoryMonitor,
  type LeakDetectionResult,
  type MemoryMonitorOptions,
  type MemoryReading,
  type MemorySample,
} from './memory-monitor.js';
export { readMemoryUsage, type MemoryUsage } from './memory-usage.js';
