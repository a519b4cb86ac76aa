/**
 * The HTTP side of a service's heap probe: `POST <prefix>/mark`, `POST <prefix>/read`,
 * `GET <prefix>/status`, answered from a plain Node request handler or any framework.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULTS } from '../config/defaults.js';
import { createProbeAuthorizer } from './authorize-probe-request.js';
import { validatePathPrefix } from './probe-options.js';
import { PROBE_ERROR_STATUS, ProbeStateError } from './probe-state-error.js';
import { PROBE_ROUTES, type ProbeErrorBody } from './probe-protocol.js';
import { ServiceHeapProbe, type ServiceHeapProbeOptions } from './service-heap-probe.js';

/** Options of the probe a service mounts ({@link createHeapProbeHandler}, `mountHeapProbe`, `heapProbeFastify`). */
export interface HeapProbeOptions extends ServiceHeapProbeOptions {
  /**
   * Shared secret; when set, every request needs `Authorization: Bearer <token>` and requests
   * from other machines are allowed. Without it only loopback requests are answered. At least
   * 16 visible ASCII characters; never logged. @default undefined (loopback only)
   */
  readonly token?: string;
  /** Path the routes live under; starts with `/`, no trailing `/`. @default DEFAULTS.probePathPrefix ('/__heapgate') */
  readonly pathPrefix?: string;
}

/** One of the probe's routes. */
export type ProbeRoute = keyof typeof PROBE_ROUTES;

/** What a framework adapter hands the probe: the parts of a request it looks at. */
export interface ProbeRequest {
  readonly method: string;
  /** The request target (`/__heapgate/read?markId=…`): only its query is read. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The TCP peer's address (`req.socket.remoteAddress`), not a forwarded one. */
  readonly remoteAddress: string | undefined;
}

/** What the probe answers: a status, headers, and a JSON body. */
export interface ProbeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A mounted probe. */
export interface HeapProbeHandler {
  /** The configured path prefix. */
  readonly pathPrefix: string;
  /** The measurement itself (mark/read/status without HTTP). */
  readonly probe: ServiceHeapProbe;
  /**
   * Answers `req` when its path is under the prefix and returns true (the response is written
   * asynchronously); returns false and touches nothing otherwise. For plain handlers and
   * connect-style middleware: `if (!probe.handle(req, res)) app(req, res)`.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The route a path belongs to; `null` for a path under the prefix that is no route; undefined outside the prefix. */
  routeOf(url: string): ProbeRoute | null | undefined;
  /** Answers one request for `route` (`null`: not found), after the access check. Never rejects. */
  answer(route: ProbeRoute | null, request: ProbeRequest): Promise<ProbeResponse>;
  /** Ends a running measurement (profiler, sampler, timers). */
  close(): Promise<void>;
}

const METHOD_OF: Readonly<Record<ProbeRoute, 'GET' | 'POST'>> = Object.freeze({ mark: 'POST', read: 'POST', status: 'GET' });

/**
 * Creates the probe and its HTTP handling.
 *
 * `read` is POST, not GET: it ends the measurement and forces collections, so it is neither
 * safe nor idempotent in the sense of RFC 9110 §9.2 (https://www.rfc-editor.org/rfc/rfc9110#section-9.2.1),
 * and a prefetcher, crawler or retrying proxy must not be able to trigger it.
 *
 * @throws TypeError naming the option when an option is malformed
 */
export function createHeapProbeHandler(options: HeapProbeOptions = {}): HeapProbeHandler {
  const pathPrefix = validatePathPrefix(options.pathPrefix ?? DEFAULTS.probePathPrefix);
  const authorize = createProbeAuthorizer(options.token);
  const probe = new ServiceHeapProbe(options);
  const routes = new Map(Object.entries(PROBE_ROUTES).map(([route, suffix]) => [pathPrefix + suffix, route as ProbeRoute]));

  const routeOf = (url: string): ProbeRoute | null | undefined => {
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path !== pathPrefix && !path.startsWith(`${pathPrefix}/`)) return undefined;
    return routes.get(path) ?? null;
  };

  const answer = async (route: ProbeRoute | null, request: ProbeRequest): Promise<ProbeResponse> => {
    // Access first: a refused client learns nothing, not even which routes exist.
    const refused = authorize(request);
    if (refused) return refusal(new ProbeStateError(refused.reason, refused.message));
    if (route === null) return refusal(new ProbeStateError('not-found', `no such heap probe route; use ${[...routes.keys()].join(', ')}`));
    const method = METHOD_OF[route];
    if (request.method !== method && !(method === 'GET' && request.method === 'HEAD')) {
      return refusal(new ProbeStateError('method-not-allowed', `${pathPrefix}${PROBE_ROUTES[route]} takes ${method}`), { allow: method });
    }
    try {
      switch (route) {
        case 'mark':
          return json(200, await probe.mark());
        case 'read':
          return json(200, await probe.read(markIdOf(request.url)));
        case 'status':
          return json(200, probe.status());
      }
    } catch (err) {
      if (err instanceof ProbeStateError) return refusal(err);
      return refusal(new ProbeStateError('internal', `the heap probe failed: ${(err as Error)?.message ?? String(err)}`));
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const route = routeOf(req.url ?? '/');
    if (route === undefined) return false;
    // The probe reads no body; draining it keeps a keep-alive connection usable.
    req.resume();
    void answer(route, {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress,
    }).then((r) => {
      res.writeHead(r.status, r.headers);
      res.end(req.method === 'HEAD' ? undefined : r.body);
    });
    return true;
  };

  return { pathPrefix, probe, handle, routeOf, answer, close: () => probe.close() };
}

function markIdOf(url: string): string | undefined {
  const q = url.indexOf('?');
  if (q === -1) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('markId') ?? undefined;
}

const BASE_HEADERS = Object.freeze({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });

function json(status: number, body: unknown, extra: Record<string, string> = {}): ProbeResponse {
  return { status, headers: { ...BASE_HEADERS, ...extra }, body: JSON.stringify(body) };
}

function refusal(err: ProbeStateError, extra: Record<string, string> = {}): ProbeResponse {
  const headers = err.reason === 'unauthorized' ? { 'www-authenticate': 'Bearer realm="heapgate"', ...extra } : extra;
  return json(PROBE_ERROR_STATUS[err.reason], err.toBody() satisfies ProbeErrorBody, headers);
}
