/**
 * A load profile: how many connections, how many requests (or for how long), which requests.
 * Plain JSON, because it crosses into the load process; validated once, bounded in count and
 * time, with every default in one place.
 */
import { isIP } from 'node:net';

/** One request of a mix. `path` is the URL path with its query (`/users/u1/suggestions`). */
export interface LoadRequest {
  /** @default 'GET' */
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Request body (sent as is; set `content-type` in `headers`). */
  readonly body?: string;
}

/**
 * What {@link runLoad} sends. Exactly one bound is required: `requestsPerConnection`, `amount`
 * or `durationMs` (a load that never ends is not a measurement).
 */
export interface LoadProfile {
  /** Concurrent connections (virtual users). 1 … {@link LOAD_LIMITS.maxConnections}. */
  readonly connections: number;
  /** Each connection sends exactly this many requests, then closes. */
  readonly requestsPerConnection?: number;
  /** Total requests over all connections. */
  readonly amount?: number;
  /** Stop after this long, in milliseconds. 1 … {@link LOAD_LIMITS.maxDurationMs}. */
  readonly durationMs?: number;
  /** Requests in flight per connection (HTTP pipelining). @default 1 */
  readonly pipelining?: number;
  /**
   * The request sequence every connection cycles through (a mix: repeat an entry to weight it).
   * @default [{ path: '/' }]
   */
  readonly requests?: readonly LoadRequest[];
  /**
   * Per-connection sequences: connection `i` cycles through `connectionRequests[i % length]`
   * (each user requesting their own resources). Overrides `requests`.
   */
  readonly connectionRequests?: readonly (readonly LoadRequest[])[];
  /** Requests per second over all connections; absent means as fast as the server answers. */
  readonly overallRate?: number;
  /** A request without a response after this long counts as an error, in milliseconds. @default 10000 */
  readonly requestTimeoutMs?: number;
}

/** Options of the run itself (not of the traffic). */
export interface LoadTargetOptions {
  /**
   * Host names besides loopback that this load may target. Load goes to 127.0.0.0/8, `::1` and
   * `localhost` only unless the host is named here explicitly.
   * @default []
   */
  readonly allowHosts?: readonly string[];
}

/** Bounds every profile must stay within. */
export const LOAD_LIMITS = Object.freeze({
  maxConnections: 10_000,
  /** 10 minutes. */
  maxDurationMs: 600_000,
  maxRequests: 10_000_000,
  maxPipelining: 64,
});

/** A profile with its defaults filled in. Frozen. */
export interface ResolvedLoadProfile {
  readonly connections: number;
  readonly requestsPerConnection?: number;
  readonly amount?: number;
  readonly durationMs?: number;
  readonly pipelining: number;
  readonly requests: readonly LoadRequest[];
  readonly connectionRequests?: readonly (readonly LoadRequest[])[];
  readonly overallRate?: number;
  readonly requestTimeoutMs: number;
  /** Total requests when the profile is bounded by count, else undefined (bounded by time). */
  readonly totalRequests?: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

function positiveInt(name: string, value: unknown, max: number, unit = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new TypeError(
      `load profile ${name}: must be an integer from 1 to ${max.toLocaleString('en-US')}${unit}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function checkRequest(at: string, r: unknown): LoadRequest {
  if (typeof r !== 'object' || r === null) throw new TypeError(`load profile ${at}: must be an object with a path`);
  const req = r as Record<string, unknown>;
  if (typeof req.path !== 'string' || !req.path.startsWith('/'))
    throw new TypeError(`load profile ${at}.path: must be a path starting with "/"`);
  if (req.method !== undefined && !METHODS.has(req.method as string)) {
    throw new TypeError(`load profile ${at}.method: must be one of ${[...METHODS].join(', ')}`);
  }
  if (req.body !== undefined && typeof req.body !== 'string') throw new TypeError(`load profile ${at}.body: must be a string`);
  if (req.headers !== undefined) {
    if (typeof req.headers !== 'object' || req.headers === null)
      throw new TypeError(`load profile ${at}.headers: must be an object of strings`);
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v !== 'string') throw new TypeError(`load profile ${at}.headers.${k}: must be a string`);
    }
  }
  return r as LoadRequest;
}

/**
 * Fills defaults and validates.
 * @throws TypeError naming the field and its unit when the profile is malformed or unbounded.
 */
export function resolveLoadProfile(profile: LoadProfile): ResolvedLoadProfile {
  if (typeof profile !== 'object' || profile === null) throw new TypeError('load profile: must be an object');
  const connections = positiveInt('connections', profile.connections, LOAD_LIMITS.maxConnections);
  const bounds = (['requestsPerConnection', 'amount', 'durationMs'] as const).filter((k) => profile[k] !== undefined);
  if (bounds.length !== 1) {
    throw new TypeError(
      `load profile: give exactly one of requestsPerConnection, amount or durationMs (a load must end), got ${bounds.length ? bounds.join(' and ') : 'none'}`,
    );
  }
  const requestsPerConnection =
    profile.requestsPerConnection === undefined
      ? undefined
      : positiveInt('requestsPerConnection', profile.requestsPerConnection, LOAD_LIMITS.maxRequests);
  const amount = profile.amount === undefined ? undefined : positiveInt('amount', profile.amount, LOAD_LIMITS.maxRequests);
  const durationMs =
    profile.durationMs === undefined ? undefined : positiveInt('durationMs', profile.durationMs, LOAD_LIMITS.maxDurationMs, ' ms');
  if (requestsPerConnection !== undefined && requestsPerConnection * connections > LOAD_LIMITS.maxRequests) {
    throw new TypeError(
      `load profile: connections × requestsPerConnection exceeds ${LOAD_LIMITS.maxRequests.toLocaleString('en-US')} requests`,
    );
  }
  const pipelining = profile.pipelining === undefined ? 1 : positiveInt('pipelining', profile.pipelining, LOAD_LIMITS.maxPipelining);
  const requestTimeoutMs =
    profile.requestTimeoutMs === undefined
      ? 10_000
      : positiveInt('requestTimeoutMs', profile.requestTimeoutMs, LOAD_LIMITS.maxDurationMs, ' ms');
  const overallRate =
    profile.overallRate === undefined ? undefined : positiveInt('overallRate', profile.overallRate, LOAD_LIMITS.maxRequests, ' requests/s');
  const requests = (profile.requests ?? [{ path: '/' }]).map((r, i) => checkRequest(`requests[${i}]`, r));
  if (requests.length === 0) throw new TypeError('load profile requests: must name at least one request');
  let connectionRequests: LoadRequest[][] | undefined;
  if (profile.connectionRequests !== undefined) {
    if (!Array.isArray(profile.connectionRequests) || profile.connectionRequests.length === 0) {
      throw new TypeError('load profile connectionRequests: must be a non-empty array of request sequences');
    }
    connectionRequests = profile.connectionRequests.map((seq, i) => {
      if (!Array.isArray(seq) || seq.length === 0)
        throw new TypeError(`load profile connectionRequests[${i}]: must be a non-empty array of requests`);
      return seq.map((r, j) => checkRequest(`connectionRequests[${i}][${j}]`, r));
    });
  }
  const totalRequests = requestsPerConnection !== undefined ? requestsPerConnection * connections : amount;
  return Object.freeze({
    connections,
    ...(requestsPerConnection !== undefined ? { requestsPerConnection } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    pipelining,
    requests,
    ...(connectionRequests ? { connectionRequests } : {}),
    ...(overallRate !== undefined ? { overallRate } : {}),
    requestTimeoutMs,
    ...(totalRequests !== undefined ? { totalRequests } : {}),
  });
}

/** Whether `hostname` is a loopback address or `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
  return false;
}

/**
 * Validates the target URL: `http:` or `https:`, and a loopback host unless it is named in
 * `allowHosts`.
 * @throws TypeError saying how to allow a non-loopback host.
 */
export function checkLoadTarget(target: string, options: LoadTargetOptions = {}): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TypeError(`load target: ${JSON.stringify(target)} is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`load target: ${url.protocol} is not http: or https:`);
  const allowed = (options.allowHosts ?? []).map((h) => h.toLowerCase());
  if (!isLoopbackHost(url.hostname) && !allowed.includes(url.hostname.toLowerCase())) {
    throw new TypeError(
      `load target: ${url.hostname} is not a loopback address; load goes to 127.0.0.0/8, ::1 or localhost unless you name the host (allowHosts: ['${url.hostname}'])`,
    );
  }
  return url;
}
