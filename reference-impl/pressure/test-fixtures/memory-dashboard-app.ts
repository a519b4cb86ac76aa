/**
 * A fastify app with the memory dashboard on a scripted handler (`scripted-pressure.ts`),
 * listening on a random 127.0.0.1 port over real HTTP, for the dashboard's tests.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { CacheRegistry } from '../../caches/cache-registry.js';
import { InstrumentedLruCache } from '../../caches/instrumented-lru-cache.js';
import { type MemoryDashboard, type MemoryDashboardOptions, registerMemoryDashboard } from '../memory-dashboard.js';
import { type ScriptedHandler, scriptedHandler } from './scripted-pressure.js';

/** A cache name that is markup, an SSE frame break and a quote all at once. */
export const HOSTILE_CACHE_NAME = '<script>alert("x")</script>\r\n\r\nevent: transition\ndata: {"to":"emergency"}\'&';

/** A started dashboard app and its controls. */
export interface DashboardApp {
  readonly app: FastifyInstance;
  readonly dashboard: MemoryDashboard;
  readonly scripted: ScriptedHandler;
  readonly caches: CacheRegistry;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** The page's URL. */
  readonly pageUrl: string;
  /** The event stream's URL. */
  readonly eventsUrl: string;
}

/** What {@link startDashboardApp} takes besides the dashboard's options. */
export interface DashboardAppOptions extends Omit<MemoryDashboardOptions, 'handler' | 'caches'> {
  /** Cache names to register (each an LRU cache of up to 100 entries). @default ['contacts', 'suggestions'] */
  readonly cacheNames?: readonly string[];
  /** fastify's options (a logger, for one). */
  readonly fastify?: FastifyServerOptions;
  /** Listen (true) or only `ready()` for `inject` (false). @default true */
  readonly listen?: boolean;
}

/**
 * Starts the app. The handler has read 30 % of its scripted 1 GB limit once (level `normal`);
 * `contacts` saw 3 hits and 1 miss, `suggestions` nothing.
 */
export async function startDashboardApp(options: DashboardAppOptions = {}): Promise<DashboardApp> {
  const { cacheNames = ['contacts', 'suggestions'], fastify, listen = true, ...dashboardOptions } = options;
  const scripted = scriptedHandler();
  scripted.read(0.3);
  const caches = new CacheRegistry();
  for (const name of cacheNames) {
    const cache = new InstrumentedLruCache<string, string>({ name, max: 100, maxSizeBytes: 1_000_000 });
    caches.register(cache);
    if (name === 'contacts') {
      cache.set('a', 'alpha');
      cache.set('b', 'beta');
      for (const key of ['a', 'a', 'b', 'missing']) cache.get(key);
    }
  }
  const app = Fastify(fastify);
  const dashboard = registerMemoryDashboard(app, { handler: scripted.handler, caches, intervalMs: 50, ...dashboardOptions });
  let base = 'http://127.0.0.1';
  if (listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  } else {
    await app.ready();
  }
  return { app, dashboard, scripted, caches, base, pageUrl: `${base}${dashboard.path}`, eventsUrl: `${base}${dashboard.eventsPath}` };
}

/** Polls `condition` every 5 ms (at most 10 s); throws naming `what` if it never holds. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}
