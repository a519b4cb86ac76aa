/**
 * Memory-pressure handling of the reference service (seed 003 §1 and §3, issue 12), chosen by
 * `createReferenceService({ pressure })`:
 *
 * - `'none'`: nothing (the service as it was).
 * - `'under-pressure'`: the anchor — `@fastify/under-pressure` answering 503 to every request
 *   once the used heap reaches 95 % of `heap_size_limit` (`under-pressure-anchor.ts`), plus a
 *   {@link MemoryPressureHandler} that only *observes* (no actions), so `/metrics`, the
 *   dashboard and `/health/memory` show the same level series as in `'tiered'`.
 * - `'tiered'`: heapgate's handler with seed 003's actions on the service's caches
 *   (`registerSeedActions`: caches at 75 / 50 / 10 %, the work cache's writes off and emptied
 *   and an in-flight cap at critical, `normal` and `background` requests shed at emergency),
 *   `memoryPressurePlugin` answering shed requests 503 + `Retry-After`, and a hot-data refresh of
 *   the work cache's most-read keys whenever the level is back to `normal`.
 *
 * With a handler, the service also serves the live dashboard at `/admin/monitoring/memory`
 * (loopback only unless a token is given) and exports `memory_usage_bytes{type}`,
 * `nodejs_heap_size_limit_bytes`, `memory_pressure_level`, `memory_pressure_ratio`,
 * `memory_pressure_transitions_total{from,to}` and, in `'tiered'`,
 * `memory_pressure_shed_requests_total{priority,reason}` on `/metrics` (the cache series
 * `cache_size_bytes{cache}` and `cache_hit_ratio{cache}` are the service's own, in every mode).
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { CacheRegistry } from '../caches/cache-registry.js';
import type { Registry } from 'prom-client';
import type { AccessCounter } from '../pressure/access-counter.js';
import { DegradationManager } from '../pressure/degradation-manager.js';
import { HotDataRefresher } from '../pressure/hot-data-refresher.js';
import { registerMemoryDashboard } from '../pressure/memory-dashboard.js';
import { MemoryPressureHandler, type MemoryPressureHandlerOptions } from '../pressure/memory-pressure-handler.js';
import { memoryPressurePlugin } from '../pressure/memory-pressure-plugin.js';
import { registerPressureMetrics } from '../pressure/pressure-metrics.js';
import type { ElevatedPressureLevel } from '../pressure/pressure-level.js';
import { limitInFlightAction, registerSeedActions } from '../pressure/seed-pressure-actions.js';
import { DEFAULT_RAMP_STEPS, type RampOptions } from '../pressure/recovery-ramp.js';
import { fullGarbageCollector } from '../pressure/full-garbage-collector.js';
import { registerUnderPressureAnchor } from '../pressure/under-pressure-anchor.js';
import type { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { computeWorkResult, type ResolvedWorkOptions, WORK_CACHE_FEATURE, type WorkResult } from './work-routes.js';

/** How the service responds to memory pressure (see the module comment). */
export type MemoryPressureMode = 'none' | 'under-pressure' | 'tiered';

/** Every {@link MemoryPressureMode}. */
export const MEMORY_PRESSURE_MODES: readonly MemoryPressureMode[] = Object.freeze(['none', 'under-pressure', 'tiered']);

/** Tuning of the service's memory-pressure handling. All optional. */
export interface ServicePressureOptions {
  /**
   * The handler's thresholds, band, dwell time and sampling (its `logger` is fastify's, silent
   * unless `logger` is on). @default MemoryPressureHandler's defaults (70 / 85 / 95 %, 5 % band, 5 s dwell, 250 ms)
   */
  readonly handler?: Omit<MemoryPressureHandlerOptions, 'logger'>;
  /** In-flight cap at critical, requests (tiered). @default DEFAULT_CRITICAL_MAX_IN_FLIGHT (100) */
  readonly maxInFlight?: number;
  /**
   * An in-flight cap from warning on (tiered), requests: an addition to seed 003, which caps
   * concurrency only at critical. Under a surge of many connections on a CPU-starved host a
   * service at warning (or back at normal for a moment) still queues every request it is sent,
   * and the queue's tail outlasts the clients' timeouts; a cap answers the excess 503 at once.
   * @default none (the seed: no cap below critical)
   */
  readonly warningMaxInFlight?: number;
  /**
   * How cache capacity and in-flight caps come back when a level is left (tiered): in steps
   * (`RecoveryRamp`, geometric, stopped by a rise) or `'at-once'`.
   * @default { steps: DEFAULT_RAMP_STEPS (4), stepMs: the handler's dwell time } (5 s steps with the 5 s default: each step holds as long as a level at least)
   */
  readonly restore?: RampOptions | 'at-once';
  /** Share of the size caches held when pressure began that they keep per level (tiered). @default DEFAULT_CACHE_CAPACITY_FACTORS (0.75 / 0.5 / 0.1) */
  readonly cacheFactors?: Readonly<Record<ElevatedPressureLevel, number>>;
  /** `Retry-After` of a shed request, seconds (tiered and the anchor alike). @default DEFAULT_RETRY_AFTER_SECONDS (10) */
  readonly retryAfterSeconds?: number;
  /**
   * Let the handler run a full garbage collection while a level above normal holds and V8 has
   * run none for a dwell time (tiered; `MemoryPressureHandlerOptions.collectGarbage` with
   * `fullGarbageCollector()`), so uncollected garbage does not hold the level. `handler.collectGarbage`
   * overrides it. @default true
   */
  readonly collectGarbage?: boolean;
  /** The dashboard's access token (≥ 16 visible ASCII characters); without one, loopback only. @default none */
  readonly dashboardToken?: string;
}

/** What the service's memory-pressure handling consists of, on `app.memoryPressure`. */
export interface ServiceMemoryPressure {
  readonly mode: MemoryPressureMode;
  /** The handler (observing only under `'under-pressure'`); absent under `'none'`. */
  readonly handler: MemoryPressureHandler | undefined;
  /** Feature flags, priorities and shedding; `'tiered'` only. */
  readonly degradation: DegradationManager | undefined;
  /** The work cache's hot-data refresh; `'tiered'` with `/work` mounted only. */
  readonly refresher: HotDataRefresher<string, WorkResult> | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The reference service's memory-pressure handling (`createReferenceService({ pressure })`). */
    memoryPressure: ServiceMemoryPressure;
  }
}

/** Builds the handler and the degradation manager; throws a `TypeError` naming a bad option (before anything is registered). */
export function createServicePressure(
  mode: MemoryPressureMode,
  options: ServicePressureOptions,
  log: () => FastifyBaseLogger | undefined,
): Omit<ServiceMemoryPressure, 'refresher'> {
  if (!MEMORY_PRESSURE_MODES.includes(mode)) {
    throw new TypeError(`pressure must be one of ${MEMORY_PRESSURE_MODES.join(', ')}, got ${String(mode)}`);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError('pressureOptions must be an object (ServicePressureOptions)');
  if (mode === 'none') return { mode, handler: undefined, degradation: undefined };
  const collectGarbage = mode === 'tiered' && options.collectGarbage !== false ? { collectGarbage: fullGarbageCollector() } : {};
  const handler = new MemoryPressureHandler({
    ...collectGarbage,
    ...options.handler,
    logger: (message, details) => log()?.warn(details, message),
  });
  const degradation =
    mode === 'tiered'
      ? new DegradationManager({
          ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
          features: { [WORK_CACHE_FEATURE]: { essential: false } },
        })
      : undefined;
  return { mode, handler, degradation };
}

/**
 * Registers what must come before any route: the degradation plugin (its hooks, and its check
 * of each route's `config.priority`) or the anchor.
 */
export async function registerPressureBeforeRoutes(
  app: FastifyInstance,
  pressure: Omit<ServiceMemoryPressure, 'refresher'>,
  options: ServicePressureOptions,
): Promise<void> {
  if (pressure.degradation !== undefined) {
    await app.register(memoryPressurePlugin, { degradation: pressure.degradation, handler: pressure.handler });
  } else if (pressure.mode === 'under-pressure') {
    await registerUnderPressureAnchor(app, {
      ...(options.handler?.sampleIntervalMs !== undefined ? { sampleIntervalMs: options.handler.sampleIntervalMs } : {}),
      ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
    });
  }
}

/** What {@link registerPressureAfterRoutes} wires the handler to. */
export interface PressureTargets {
  readonly registry: Registry;
  readonly caches: CacheRegistry;
  /** The `/work` route's cache, options and access counts, when mounted. */
  readonly work?: {
    readonly cache: InstrumentedLruCache<string, WorkResult>;
    readonly options: ResolvedWorkOptions;
    readonly accessCounter: AccessCounter<string>;
  };
}

/**
 * Registers the actions, metrics and dashboard, starts the handler, and stops it (and the
 * refresh) when the app closes. Returns what `app.memoryPressure` holds.
 */
export function registerPressureAfterRoutes(
  app: FastifyInstance,
  pressure: Omit<ServiceMemoryPressure, 'refresher'>,
  options: ServicePressureOptions,
  targets: PressureTargets,
): ServiceMemoryPressure {
  const { handler, degradation } = pressure;
  if (handler === undefined) return { ...pressure, refresher: undefined };
  const restore =
    options.restore === 'at-once'
      ? undefined
      : (options.restore ?? { steps: DEFAULT_RAMP_STEPS, stepMs: Math.max(1, Math.round(handler.options.minDwellMs)) });
  let refresher: HotDataRefresher<string, WorkResult> | undefined;
  const detach: (() => void)[] = [];
  if (degradation !== undefined) {
    detach.push(
      registerSeedActions(handler, {
        caches: targets.caches,
        degradation,
        ...(options.cacheFactors !== undefined ? { cacheFactors: options.cacheFactors } : {}),
        ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
        ...(restore !== undefined ? { restore } : {}),
        ...(targets.work !== undefined ? { nonEssentialCaching: { feature: WORK_CACHE_FEATURE, caches: [targets.work.cache] } } : {}),
      }),
    );
    if (options.warningMaxInFlight !== undefined) {
      detach.push(
        handler.onLevel('warning', limitInFlightAction(degradation, options.warningMaxInFlight, restore !== undefined ? { restore } : {})),
      );
    }
    const work = targets.work;
    if (work !== undefined) {
      refresher = new HotDataRefresher<string, WorkResult>({
        counter: work.accessCounter,
        cache: work.cache,
        // Computed at once, without the route's pauses and scratch: the level is normal again,
        // and at most DEFAULT_HOT_DATA_KEYS (100) results are loaded.
        load: async (keys) => keys.map((key) => [key, computeWorkResult(key, work.options)] as const),
        logger: (message, details) => app.log.warn(details, message),
      });
      detach.push(refresher.attach(handler));
    }
  }
  registerPressureMetrics(targets.registry, { handler, ...(degradation !== undefined ? { degradation } : {}) });
  registerMemoryDashboard(app, {
    handler,
    caches: targets.caches,
    ...(options.dashboardToken !== undefined ? { token: options.dashboardToken } : {}),
  });
  app.addHook('onClose', async () => {
    handler.close();
    for (const d of detach.reverse()) d();
  });
  // Started once the service listens (or is injected into), so building one costs no timer.
  app.addHook('onReady', async () => {
    handler.start();
  });
  return { ...pressure, refresher };
}
