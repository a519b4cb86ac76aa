/**
 * The live memory dashboard of seed 003 §1.5 ("real-time memory usage graphs, cache
 * performance metrics, memory pressure indicators, historical trend"), mounted on a fastify
 * app with one call:
 *
 * - `GET <path>` (default `/admin/monitoring/memory`): a self-contained page — heap used and
 *   RSS against the heap limit with the handler's warning / critical / emergency bands as an SVG
 *   chart over a history window, the current level, the caches' sizes and hit ratios, and the
 *   pressure events (time, from → to, pressure).
 * - `GET <path>/events`: server-sent events feeding it — `init` (everything, on connect),
 *   `update` (every `intervalMs`, and at once after a level change), `transition` (each level
 *   change, as it happens).
 *
 * Access is the service probe's rule: loopback only (no proxy headers) unless a `token` is
 * configured, then the token and nothing else (`memory-dashboard-access.ts`). The token is
 * redacted from the request log. Everything it holds is bounded: `historySamples` samples,
 * `maxTransitions` events, `maxClients` streams, each at most 1 MiB behind. Its timer is
 * `unref()`'d; closing the app ends the streams, stops the timer and detaches from the handler.
 *
 * The routes are declared `priority: 'critical'` for `memoryPressurePlugin`: the dashboard is
 * what an operator opens during an emergency, when normal requests are shed.
 *
 * @example
 * const handler = new MemoryPressureHandler();
 * registerMemoryDashboard(app, { handler, caches: cacheRegistry, token: process.env.DASHBOARD_TOKEN });
 * handler.start();
 * await app.listen({ host: '127.0.0.1', port: 3000 });
 * // open http://127.0.0.1:3000/admin/monitoring/memory (with a token: …/memory?token=<token>)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CacheRegistry } from '../caches/cache-registry.js';
import { createDashboardAuthorizer, redactDashboardToken } from './memory-dashboard-access.js';
import {
  DASHBOARD_RECONNECT_MS,
  DEFAULT_DASHBOARD_HISTORY_SAMPLES,
  DEFAULT_DASHBOARD_INTERVAL_MS,
  DEFAULT_DASHBOARD_MAX_CLIENTS,
  DEFAULT_DASHBOARD_MAX_TRANSITIONS,
  DEFAULT_DASHBOARD_PATH,
  MAX_DASHBOARD_HISTORY_SAMPLES,
  MIN_DASHBOARD_INTERVAL_MS,
} from './memory-dashboard-defaults.js';
import { formatServerSentEvent, MemoryDashboardEventStream } from './memory-dashboard-event-stream.js';
import { MemoryDashboardHistory } from './memory-dashboard-history.js';
import { MEMORY_DASHBOARD_CSP, renderMemoryDashboardPage } from './memory-dashboard-page.js';
import {
  type DashboardInit,
  type DashboardSample,
  type DashboardTransition,
  dashboardTransition,
  readDashboardCaches,
  readDashboardCounters,
  readDashboardSample,
} from './memory-dashboard-state.js';
import type { MemoryPressureHandler } from './memory-pressure-handler.js';
import type { PressureTransition } from './pressure-action.js';

/** Options of {@link registerMemoryDashboard}. Only `handler` is required. */
export interface MemoryDashboardOptions {
  /** Whose level, readings, thresholds and transitions are shown. Start it yourself: the dashboard never takes a reading. */
  readonly handler: MemoryPressureHandler;
  /** Whose caches are listed. @default none */
  readonly caches?: CacheRegistry;
  /** Where the page is served (`/`-separated segments of letters, digits, `-`, `_`, `.`, `~`); the stream is `<path>/events`. @default DEFAULT_DASHBOARD_PATH ('/admin/monitoring/memory') */
  readonly path?: string;
  /** Milliseconds between two samples (whole, ≥ 10). @default DEFAULT_DASHBOARD_INTERVAL_MS (1000) */
  readonly intervalMs?: number;
  /**
   * Required from every request when set (`Authorization: Bearer <token>` or `?token=<token>`;
   * at least 16 visible ASCII characters); without it only loopback requests are answered.
   * @default none (loopback only)
   */
  readonly token?: string;
  /** Samples kept for the chart (whole, 2–10,000); the window is `(historySamples − 1) × intervalMs`. @default DEFAULT_DASHBOARD_HISTORY_SAMPLES (300: 5 min at 1 s) */
  readonly historySamples?: number;
  /** Pressure events kept and listed (whole, ≥ 1). @default DEFAULT_DASHBOARD_MAX_TRANSITIONS (50) */
  readonly maxTransitions?: number;
  /** Event streams served at once (whole, ≥ 1); one more gets 503. @default DEFAULT_DASHBOARD_MAX_CLIENTS (8) */
  readonly maxClients?: number;
}

/** A mounted dashboard. */
export interface MemoryDashboard {
  /** The page's full path (with the app's prefix). */
  readonly path: string;
  /** The event stream's full path. */
  readonly eventsPath: string;
  /** Event streams open now. */
  readonly clients: number;
  /** Samples in the history now (≤ `historySamples`). */
  readonly historyLength: number;
  /** Streams closed for falling more than 1 MiB behind, since registration. */
  readonly droppedClients: number;
}

function wholeNumber(
  options: MemoryDashboardOptions,
  name: 'intervalMs' | 'historySamples' | 'maxTransitions' | 'maxClients',
  fallback: number,
  min: number,
  max: number,
  unit: string,
): number {
  const value = options[name] ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new TypeError(`${name} must be a whole number of ${unit} ${range}, got ${String(value)}`);
  }
  return value;
}

function resolveOptions(options: MemoryDashboardOptions) {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('options must be { handler, caches?, path?, intervalMs?, token?, historySamples? }');
  const { handler, caches } = options;
  if (typeof handler?.stats !== 'function' || typeof handler.on !== 'function')
    throw new TypeError('handler must be a MemoryPressureHandler');
  if (caches !== undefined && (typeof caches?.stats !== 'function' || !Array.isArray(caches.caches))) {
    throw new TypeError('caches must be a CacheRegistry');
  }
  const path = options.path ?? DEFAULT_DASHBOARD_PATH;
  if (typeof path !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(path)) {
    throw new TypeError(
      `path must be an absolute URL path of segments of letters, digits, "-", "_", ".", "~" without a trailing "/", got ${JSON.stringify(path)}`,
    );
  }
  const big = Number.MAX_SAFE_INTEGER;
  return {
    handler,
    caches,
    path,
    token: options.token,
    intervalMs: wholeNumber(options, 'intervalMs', DEFAULT_DASHBOARD_INTERVAL_MS, MIN_DASHBOARD_INTERVAL_MS, big, 'milliseconds'),
    historySamples: wholeNumber(options, 'historySamples', DEFAULT_DASHBOARD_HISTORY_SAMPLES, 2, MAX_DASHBOARD_HISTORY_SAMPLES, 'samples'),
    maxTransitions: wholeNumber(options, 'maxTransitions', DEFAULT_DASHBOARD_MAX_TRANSITIONS, 1, big, 'events'),
    maxClients: wholeNumber(options, 'maxClients', DEFAULT_DASHBOARD_MAX_CLIENTS, 1, big, 'connections'),
  };
}

/** Headers of every dashboard response: memory figures are neither cached, sniffed, framed nor leaked in a `Referer`. */
function secure(reply: FastifyReply): void {
  reply
    .header('cache-control', 'no-store')
    .header('content-security-policy', MEMORY_DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

/**
 * Serves the live memory dashboard on `app` (see the module comment). Call it before
 * `app.ready()` / `app.listen()`, like any route registration. Throws a `TypeError` naming the
 * option for an invalid one (the token's never quoted).
 */
export function registerMemoryDashboard(app: FastifyInstance, options: MemoryDashboardOptions): MemoryDashboard {
  const o = resolveOptions(options);
  const { handler, caches } = o;
  const authorize = createDashboardAuthorizer(o.token);
  const path = `${app.prefix}${o.path}`;
  const eventsPath = `${path}/events`;
  const history = new MemoryDashboardHistory<DashboardSample>(o.historySamples);
  const transitions = new MemoryDashboardHistory<DashboardTransition>(o.maxTransitions);
  const stream = new MemoryDashboardEventStream({ maxClients: o.maxClients });

  const init = (): DashboardInit => ({
    thresholds: handler.options.thresholds,
    intervalMs: o.intervalMs,
    historySamples: o.historySamples,
    maxTransitions: o.maxTransitions,
    history: history.toArray(),
    current: readDashboardSample(handler),
    caches: readDashboardCaches(caches),
    transitions: transitions.toArray().reverse(),
    counters: readDashboardCounters(handler),
  });

  // The history is kept whether or not a page is open (that is the trend a page shows when it
  // opens); caches and counters are only read when someone is listening.
  const tick = () => {
    try {
      const sample = readDashboardSample(handler);
      history.push(sample);
      if (stream.clients === 0) return;
      stream.broadcast(
        formatServerSentEvent('update', { sample, caches: readDashboardCaches(caches), counters: readDashboardCounters(handler) }),
      );
    } catch (error) {
      // A throw out of a timer or an event listener would be an uncaught exception (or counted
      // as a failed pressure action): the dashboard must never be what breaks the service.
      app.log.warn({ err: error }, 'memory dashboard: sampling failed');
    }
  };
  const onTransition = (transition: PressureTransition) => {
    const row = dashboardTransition(transition);
    transitions.push(row);
    try {
      stream.broadcast(formatServerSentEvent('transition', row));
    } catch (error) {
      app.log.warn({ err: error }, 'memory dashboard: sending a transition failed');
    }
    tick();
  };

  tick();
  let timer: NodeJS.Timeout | undefined = setInterval(tick, o.intervalMs);
  timer.unref();
  handler.on('transition', onTransition);
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    handler.off('transition', onTransition);
  };
  // preClose, not onClose: fastify's close waits for in-flight responses, and a stream is one
  // until it ends (https://fastify.dev/docs/latest/Reference/Hooks/#preclose).
  app.addHook('preClose', async () => {
    stop();
    await stream.closeAll();
  });
  app.addHook('onClose', async () => stop());

  const routeOptions = {
    config: { priority: 'critical' as const },
    // fastify logs each request's URL; a token passed as ?token= must not land in the log.
    logSerializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactDashboardToken(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      secure(reply);
      const refusal = authorize({ remoteAddress: request.raw.socket?.remoteAddress, headers: request.headers, url: request.url });
      if (refusal === undefined) return;
      if (refusal.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="memory-dashboard"');
      return reply.code(refusal.statusCode).send({
        statusCode: refusal.statusCode,
        error: refusal.statusCode === 401 ? 'Unauthorized' : 'Forbidden',
        code: refusal.code,
        message: refusal.message,
      });
    },
  };

  app.get(o.path, routeOptions, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderMemoryDashboardPage(init(), eventsPath)),
  );
  app.get(`${o.path}/events`, { ...routeOptions, exposeHeadRoute: false }, async (_request, reply) => {
    const opened = stream.open(reply, formatServerSentEvent('init', init()));
    if (opened !== undefined) return opened;
    return reply
      .code(503)
      .header('retry-after', String(Math.ceil(DASHBOARD_RECONNECT_MS / 1000)))
      .send({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'HEAPGATE_DASHBOARD_BUSY',
        message: `the memory dashboard serves at most ${o.maxClients} event streams at once`,
      });
  });

  return {
    path,
    eventsPath,
    get clients() {
      return stream.clients;
    },
    get historyLength() {
      return history.size;
    },
    get droppedClients() {
      return stream.dropped;
    },
  };
}
