/**
 * The fastify side of graceful degradation: every request asks the {@link DegradationManager}
 * whether to run. Routes declare their priority in their config
 * (`app.get('/login', { config: { priority: 'critical' } }, …)`; `defaultPriority` otherwise);
 * a shed request gets 503 with `Retry-After` and a JSON body before any parsing or handler runs,
 * and every response names the pressure level in a header.
 *
 * Registered with the `skip-override` property (what `fastify-plugin` sets), so its hooks apply
 * to every route of the instance it is registered on, not only to routes inside it
 * (https://fastify.dev/docs/latest/Reference/Plugins/#handle-the-scope).
 */
import type { FastifyPluginCallback } from 'fastify';
import { type Admitted, type DegradationManager, REQUEST_PRIORITIES, type RequestPriority } from './degradation-manager.js';
import type { PressureLevel } from './pressure-level.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How much the route matters under memory pressure (memory-pressure plugin). @default the plugin's defaultPriority */
    priority?: RequestPriority;
  }
  interface FastifyRequest {
    /** The memory-pressure plugin's admission of this request, released when its response is done. */
    memoryPressureAdmission: Admitted | null;
  }
}

/** Options of {@link memoryPressurePlugin}. */
export interface MemoryPressurePluginOptions {
  /** Decides per request. */
  readonly degradation: DegradationManager;
  /** Where the level header comes from (a `MemoryPressureHandler`). @default no level header */
  readonly handler?: { readonly level: PressureLevel };
  /** Priority of routes whose config names none (and of requests no route matched). @default 'normal' */
  readonly defaultPriority?: RequestPriority;
  /** Response header carrying the handler's level when the request arrived; `false` for none. @default 'x-memory-pressure-level' */
  readonly levelHeader?: string | false;
}

/** JSON body of a shed request. */
export interface ShedResponseBody {
  readonly statusCode: 503;
  readonly error: 'Service Unavailable';
  readonly message: string;
  readonly priority: RequestPriority;
  readonly reason: 'priority' | 'in-flight';
  readonly level: PressureLevel | null;
  readonly retryAfterSeconds: number;
}

function checkPriority(priority: unknown, what: string): RequestPriority {
  if (!REQUEST_PRIORITIES.includes(priority as RequestPriority)) {
    throw new TypeError(`${what} must be one of ${REQUEST_PRIORITIES.join(', ')}, got ${String(priority)}`);
  }
  return priority as RequestPriority;
}

function resolveOptions(options: MemoryPressurePluginOptions) {
  const { degradation, handler } = options ?? ({} as MemoryPressurePluginOptions);
  if (typeof degradation?.admit !== 'function') throw new TypeError('degradation must be a DegradationManager');
  const defaultPriority = checkPriority(options.defaultPriority ?? 'normal', 'defaultPriority');
  const levelHeader = options.levelHeader ?? 'x-memory-pressure-level';
  if (levelHeader !== false && (typeof levelHeader !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(levelHeader))) {
    throw new TypeError(`levelHeader must be an HTTP header name or false, got ${String(levelHeader)}`);
  }
  if (handler !== undefined && typeof handler?.level !== 'string') throw new TypeError('handler must be a MemoryPressureHandler');
  return { degradation, handler, defaultPriority, levelHeader };
}

/**
 * Applies the degradation decisions per request.
 *
 * The in-flight count is released when the response has been sent (`onResponse`) or, when the
 * client goes away first, at that moment (`onRequestAbort`): fastify runs no hook when the
 * handler of an aborted request finishes later, and a count waiting for one could leak and
 * shed requests for good. A handler still working after its client left is therefore not
 * counted.
 */
export const memoryPressurePlugin: FastifyPluginCallback<MemoryPressurePluginOptions> = (app, options, done) => {
  let resolved: ReturnType<typeof resolveOptions>;
  try {
    resolved = resolveOptions(options);
  } catch (error) {
    // A callback plugin reports through done(): a throw here would escape fastify's loader.
    done(error as Error);
    return;
  }
  const { degradation, handler, defaultPriority, levelHeader } = resolved;

  app.decorateRequest('memoryPressureAdmission', null);
  // A misspelt priority fails when the route is declared, not on its first request.
  app.addHook('onRoute', (route) => {
    const priority = route.config?.priority;
    if (priority !== undefined) checkPriority(priority, `route ${route.method} ${route.url}: config.priority`);
  });
  app.addHook('onRequest', (request, reply, next) => {
    const level = handler?.level ?? null;
    if (levelHeader !== false && level !== null) reply.header(levelHeader, level);
    const priority = request.routeOptions.config?.priority ?? defaultPriority;
    const admission = degradation.admit(priority);
    if (!admission.admitted) {
      const body: ShedResponseBody = {
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          admission.reason === 'priority'
            ? `${priority} requests are shed under memory pressure; retry later`
            : `too many requests in flight under memory pressure; retry later`,
        priority,
        reason: admission.reason,
        level,
        retryAfterSeconds: admission.retryAfterSeconds,
      };
      // Answered here, before body parsing: a shed request costs as little heap as possible.
      reply.code(503).header('retry-after', String(admission.retryAfterSeconds)).send(body);
      return;
    }
    request.memoryPressureAdmission = admission;
    next();
  });
  const release = (request: { memoryPressureAdmission: Admitted | null }) => {
    request.memoryPressureAdmission?.release();
    request.memoryPressureAdmission = null;
  };
  app.addHook('onResponse', (request, _reply, next) => {
    release(request);
    next();
  });
  app.addHook('onRequestAbort', (request, next) => {
    release(request);
    next();
  });
  done();
};

// What fastify-plugin sets: no encapsulation, and a name in fastify's plugin tree.
Object.assign(memoryPressurePlugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'memory-pressure' });
