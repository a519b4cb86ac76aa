/**
 * The reference HTTP service: fastify 5 serving the reference implementations over the seeded
 * data, for load tests that measure memory on the server side.
 *
 * | route | what |
 * |---|---|
 * | `GET /users/:userId/suggestions` | suggestions: streaming (`suggestion-routes.ts`) or naive (`suggestion-routes-naive.ts`) |
 * | `GET /users/:userId/contacts?limit=&after=` | a keyset page of contacts (`contact-routes.ts`) |
 * | `GET /tenants/:tenantId/:dataType[?userId=]` | a tenant value through the tiered cache, when `tenants` is given |
 * | `GET /ccts/:clave` | a CCT id through the CCT manager, when `ccts` is given |
 * | `GET /work/:key` | an expensive, cached computation (`work-routes.ts`), when `work` is given: what a memory surge hits |
 * | `GET /healthz` | liveness |
 * | `GET /health/memory` | seed 004's memory health check, and the pressure level |
 * | `GET /metrics` | Prometheus text: default process metrics, HTTP counters and durations, cache gauges, pressure series |
 * | `GET /admin/monitoring/memory` | the live memory dashboard, with `pressure: 'under-pressure'` or `'tiered'` (loopback or token) |
 *
 * `pressure` chooses how it meets memory pressure (`service-memory-pressure.ts`): not at all,
 * with `@fastify/under-pressure` (the anchor), or with heapgate's tiered handler, its actions on
 * the service's caches, shedding by route priority and seed 001's suggestion fallback.
 *
 * Every error is the same JSON shape (`ErrorBody`: `statusCode`, `error`, `code`, `message`).
 * The service logs nothing unless `logger` turns fastify's logger on, and never logs or answers
 * with connection strings, credentials or SQL.
 *
 * @example
 * const pool = new pg.Pool({ connectionString, max: 10 });
 * const app = await createReferenceService({ pool, suggestions: 'streaming' });
 * await app.listen({ host: '127.0.0.1', port: 0 });
 * // … later: the service first (it may still be answering), then what it borrowed.
 * await app.close();
 * await pool.end();
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { registerCacheMetrics } from '../caches/cache-metrics.js';
import { CacheRegistry } from '../caches/cache-registry.js';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { SEED_CACHE_LIMITS } from '../caches/seed-lru-caches.js';
import type { CCTsManager } from '../ccts/ccts-manager.js';
import { StreamingContactRepository } from '../contacts/streaming-contact-repository.js';
import { MemoryCircuitBreaker, type MemoryCircuitBreakerOptions } from '../memory/memory-circuit-breaker.js';
import { MemoryMonitor } from '../memory/memory-monitor.js';
import { registerCCTRoutes } from './cct-routes.js';
import { registerContactRoutes } from './contact-routes.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerMetricsRoutes } from './metrics-routes.js';
import { frameworkErrorReply, registerErrorReplies } from './register-error-replies.js';
import { registerSuggestionRoutes, type SuggestionScan } from './suggestion-routes.js';
import { registerSuggestionRoutesNaive } from './suggestion-routes-naive.js';
import {
  createServicePressure,
  type MemoryPressureMode,
  registerPressureAfterRoutes,
  registerPressureBeforeRoutes,
  type ServicePressureOptions,
} from './service-memory-pressure.js';
import { createWorkCache, registerWorkRoutes, resolveWorkOptions, type WorkRouteOptions } from './work-routes.js';
import { AccessCounter } from '../pressure/access-counter.js';
import type { SuggestionsResponse } from './suggestions-response.js';
import { createTenantCache, registerTenantRoutes, type TenantLookupOptions, validateTenantLookupOptions } from './tenant-routes.js';

/** Which suggestion generation serves `/users/:userId/suggestions`. */
export type SuggestionsImplementation = 'naive' | 'streaming';

/** Limits of the streaming route's suggestion cache (seed 001 §5's suggestion cache, shorter TTL). */
export interface SuggestionCacheOptions {
  /**
   * How long one user's answer is reused, in milliseconds (≥ 1), counted from when it was
   * computed: a hit does not extend it, so a user requested without pause still sees fresh
   * suggestions every `ttlMs`. Short, because the answer depends on the clock.
   * @default 10000
   */
  readonly ttlMs?: number;
  /** Users held at most. @default 500 (seed 001 §5) */
  readonly max?: number;
  /** Bytes held at most (heap estimate per entry). @default 26214400 (25 MiB, seed 001 §5) */
  readonly maxSizeBytes?: number;
}

/** Options of {@link createReferenceService}. Only `pool` is required. */
export interface ReferenceServiceOptions {
  /**
   * Where the contacts data set lives (seed 001's `contacts`, `groups`, `contact_groups`, in the
   * connection's `search_path`). The caller owns it: end it after `app.close()`. A full-scan
   * suggestion request holds one connection until its cursor is read, so size `max` for the
   * concurrency you test with.
   */
  readonly pool: pg.Pool;
  /** @default 'streaming' */
  readonly suggestions?: SuggestionsImplementation;
  /**
   * How much the streaming route reads; `full` answers exactly like the naive route.
   * @default 'full'
   */
  readonly suggestionScan?: SuggestionScan;
  /** Suggestions per answer (≥ 1). @default 50 (seed 001 `MAX_SUGGESTIONS`) */
  readonly maxSuggestions?: number;
  /**
   * The "now" suggestion priorities are computed at, in epoch milliseconds. Pass the data set's
   * reference time for reproducible answers. @default Date.now
   */
  readonly clock?: () => number;
  /** The streaming route's per-user answer cache; `false` for none. Unused by the naive route. @default {} (the defaults below) */
  readonly suggestionCache?: SuggestionCacheOptions | false;
  /**
   * The memory circuit breaker of the streaming route, checked once per batch. Its trips are
   * logged through fastify's logger (silent unless `logger` is on); `Retry-After` of the 503 is
   * its `checkIntervalMs` rounded up to whole seconds (≥ 1), when a fresh reading is due.
   * @default MemoryCircuitBreaker's defaults (80% of the heap limit, one reading per second)
   */
  readonly breaker?: Omit<MemoryCircuitBreakerOptions, 'logger'>;
  /** Mounts `/tenants/:tenantId/:dataType`. @default not mounted */
  readonly tenants?: TenantLookupOptions;
  /** Mounts `/ccts/:clave` over this manager, which the caller owns (and closes). @default not mounted */
  readonly ccts?: CCTsManager;
  /** Where `/metrics` collects from; one registry per service. @default a new Registry */
  readonly registry?: Registry;
  /** fastify's logger option (`true`, or pino options). @default false (nothing logged) */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * How the service meets memory pressure: `'none'`, `'under-pressure'` (the anchor: 503 to
   * everything at 95 % of the heap limit) or `'tiered'` (heapgate's handler; with it the
   * streaming suggestion route falls back to smaller batches instead of answering 503).
   * @default 'none'
   */
  readonly pressure?: MemoryPressureMode;
  /** Tuning of `pressure` (thresholds, dwell, in-flight cap, dashboard token). @default {} */
  readonly pressureOptions?: ServicePressureOptions;
  /** Mounts `/work/:key` with these costs (`{}` for the defaults). @default not mounted */
  readonly work?: WorkRouteOptions;
}

/** Name of the suggestion cache in the cache metrics (`cache_entries{cache="suggestions"}`). */
export const SUGGESTION_CACHE_NAME = 'suggestions';

const SUGGESTIONS: readonly SuggestionsImplementation[] = ['naive', 'streaming'];
const SCANS: readonly SuggestionScan[] = ['full', 'early-stop'];

function positiveInteger(name: string, value: unknown, unit: string): number {
  if (!Number.isInteger(value) || (value as number) < 1)
    throw new TypeError(`${name} must be a whole number of ${unit} ≥ 1, got ${String(value)}`);
  return value as number;
}

function suggestionCache(
  options: SuggestionCacheOptions | false | undefined,
): InstrumentedLruCache<string, SuggestionsResponse> | undefined {
  if (options === false) return undefined;
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('suggestionCache must be an object (SuggestionCacheOptions) or false');
  }
  const limits = SEED_CACHE_LIMITS.suggestions;
  // Built here rather than with createSuggestionCache: the seed's caches restart an entry's TTL
  // on every hit, which would keep a user requested without pause on one stale answer forever.
  return new InstrumentedLruCache<string, SuggestionsResponse>({
    name: SUGGESTION_CACHE_NAME,
    max: positiveInteger('suggestionCache.max', options?.max ?? limits.max, 'entries'),
    maxSizeBytes: positiveInteger('suggestionCache.maxSizeBytes', options?.maxSizeBytes ?? limits.maxSizeBytes, 'bytes'),
    ttlMs: positiveInteger('suggestionCache.ttlMs', options?.ttlMs ?? 10_000, 'milliseconds'),
    sizing: 'estimate',
    updateAgeOnGet: false,
  });
}

/**
 * Builds the service (routes, hooks, metrics), not yet listening: `await app.listen({ host,
 * port })`, and `await app.close()` when done (it closes what the service created: the tenant
 * cache's Redis client; never `pool` or `ccts`). Throws a `TypeError` naming the option on a
 * bad one.
 */
export async function createReferenceService(options: ReferenceServiceOptions): Promise<FastifyInstance> {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object (ReferenceServiceOptions)');
  const { pool } = options;
  if (typeof pool?.query !== 'function' || typeof pool.connect !== 'function') throw new TypeError('pool must be a pg.Pool');
  const suggestions = options.suggestions ?? 'streaming';
  if (!SUGGESTIONS.includes(suggestions))
    throw new TypeError(`suggestions must be one of ${SUGGESTIONS.join(', ')}, got ${String(suggestions)}`);
  const scan = options.suggestionScan ?? 'full';
  if (!SCANS.includes(scan)) throw new TypeError(`suggestionScan must be one of ${SCANS.join(', ')}, got ${String(scan)}`);
  const maxSuggestions = positiveInteger('maxSuggestions', options.maxSuggestions ?? 50, 'suggestions');
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') throw new TypeError('clock must be a function returning epoch milliseconds');
  if (options.ccts !== undefined && typeof options.ccts?.lookup !== 'function') throw new TypeError('ccts must be a CCTsManager');
  const registry = options.registry ?? new Registry();
  if (typeof registry?.metrics !== 'function') throw new TypeError('registry must be a prom-client Registry');
  const retryAfterSeconds = Math.max(1, Math.ceil((options.breaker?.checkIntervalMs ?? 1000) / 1000));
  // Everything that validates options is built before anything is registered on `registry`.
  let log: FastifyBaseLogger | undefined;
  const breaker =
    suggestions === 'streaming'
      ? new MemoryCircuitBreaker({ ...options.breaker, logger: (message, details) => log?.warn(details, message) })
      : undefined;
  const cache = suggestions === 'streaming' ? suggestionCache(options.suggestionCache) : undefined;
  if (options.tenants !== undefined) validateTenantLookupOptions(options.tenants);
  const pressureOptions = options.pressureOptions ?? {};
  const pressure = createServicePressure(options.pressure ?? 'none', pressureOptions, () => log);
  const workOptions = options.work === undefined ? undefined : resolveWorkOptions(options.work);

  const app = Fastify({
    logger: options.logger ?? false,
    // Above the longest user id (128): an id too long is the schema's 400, not a router 414.
    routerOptions: { maxParamLength: 256 },
    frameworkErrors: frameworkErrorReply,
    return503OnClosing: false,
  });
  log = app.log;
  registerErrorReplies(app);
  await registerPressureBeforeRoutes(app, pressure, pressureOptions);
  registerMetricsRoutes(app, registry);
  const caches = new CacheRegistry();
  registerHealthRoutes(app, pressure.handler);
  registerContactRoutes(app, { pool });
  if (breaker === undefined) {
    registerSuggestionRoutesNaive(app, { pool, clock, maxSuggestions });
  } else {
    if (cache) caches.register(cache);
    registerSuggestionRoutes(app, {
      repository: new StreamingContactRepository({ pool }),
      clock,
      maxSuggestions,
      scan,
      breaker,
      retryAfterSeconds,
      // Seed 001 §4 wraps each batch; its per-batch lines would flood any log under load.
      monitor: new MemoryMonitor({ logger: () => {}, enableAlerts: false }),
      cache,
      ...(pressure.mode === 'tiered' ? { fallback: {} } : {}),
    });
  }
  let work: Parameters<typeof registerPressureAfterRoutes>[3]['work'];
  if (workOptions !== undefined) {
    work = { cache: createWorkCache(workOptions), options: workOptions, accessCounter: new AccessCounter<string>() };
    caches.register(work.cache);
    registerWorkRoutes(app, {
      options: workOptions,
      cache: work.cache,
      accessCounter: work.accessCounter,
      ...(pressure.degradation !== undefined ? { degradation: pressure.degradation } : {}),
    });
  }
  if (options.tenants !== undefined) {
    const tenantCache = createTenantCache(options.tenants);
    caches.register(tenantCache.l1);
    registerTenantRoutes(app, options.tenants, tenantCache);
    app.addHook('onClose', async () => {
      await tenantCache.close();
    });
    if (options.tenants.cache?.redis !== undefined) await tenantCache.whenL2Ready(options.tenants.l2ReadyTimeoutMs ?? 5000);
  }
  if (options.ccts !== undefined) registerCCTRoutes(app, { ccts: options.ccts });
  registerCacheMetrics(caches, registry);
  app.decorate(
    'memoryPressure',
    registerPressureAfterRoutes(app, pressure, pressureOptions, { registry, caches, ...(work ? { work } : {}) }),
  );
  return app;
}
