/**
 * Reading a service's heap probe from elsewhere: a scenario, a CI step, a test.
 */
import { DEFAULTS } from '../config/defaults.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { positiveMs, validatePathPrefix } from './probe-options.js';
import { PROBE_ROUTES, type MarkResponse, type ProbeErrorReason, type ProbeReading, type ProbeStatus } from './probe-protocol.js';
import { RemoteProbeError } from './remote-probe-error.js';

/** Options for {@link remoteProbe}. */
export interface RemoteProbeOptions {
  /** The probe's token (sent as `Authorization: Bearer …`, never printed). @default undefined (a loopback probe without token) */
  readonly token?: string;
  /** The service's probe prefix. @default DEFAULTS.probePathPrefix ('/__heapgate') */
  readonly pathPrefix?: string;
  /** How long to wait for each answer, in milliseconds (a read runs forced GCs on the service's heap). @default DEFAULTS.probeRequestTimeoutMs (60,000) */
  readonly timeoutMs?: number;
}

/** A reading, with the origin of the probe it came from. */
export interface RemoteReading extends ProbeReading {
  /** `scheme://host:port` of the service. */
  readonly origin: string;
}

/** A client of one service's heap probe. */
export interface RemoteProbe {
  /** `scheme://host:port` of the service. */
  readonly origin: string;
  /** Starts a measurement in the service (replacing a running one). */
  mark(): Promise<MarkResponse>;
  /**
   * Ends the measurement and returns the service's metrics for it. Reads the mark this client
   * made last (so a mark made by someone else in between is refused, not read), or
   * `options.markId`; a client that never marked reads whatever mark is running.
   * @throws RemoteProbeError `not-marked` when no measurement is running
   */
  read(options?: { readonly markId?: string }): Promise<RemoteReading>;
  /** Whether a measurement is running (cheap, no GC). */
  status(): Promise<ProbeStatus>;
}

const REASONS: readonly ProbeErrorReason[] = [
  'not-marked',
  'mark-superseded',
  'mark-expired',
  'gc-unavailable',
  'unauthorized',
  'forbidden',
  'method-not-allowed',
  'not-found',
  'internal',
];

/**
 * A client for the heap probe of the service at `url` (its base URL: `http://svc:3000`, or
 * `https://gateway/svc-a` when it lives under a path). Uses the global `fetch`.
 *
 * ```ts
 * const probe = remoteProbe(process.env.SERVICE_URL!, { token: process.env.HEAPGATE_PROBE_TOKEN });
 * await probe.mark();
 * await driveLoad();
 * const reading = await probe.read(); // reading.metrics.heapDeltaBytes, …
 * ```
 *
 * @throws TypeError naming the option when `url` is not an http(s) URL without credentials, or an option is malformed
 */
export function remoteProbe(url: string | URL, options: RemoteProbeOptions = {}): RemoteProbe {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new TypeError(`url must be an absolute http(s) URL, got ${JSON.stringify(String(url))}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`url must be http: or https:, got ${base.protocol}`);
  if (base.username || base.password) throw new TypeError('url must not carry credentials: pass the probe token as options.token');
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token === '')) {
    throw new TypeError('token must be a non-empty string');
  }
  const prefix = validatePathPrefix(options.pathPrefix ?? DEFAULTS.probePathPrefix);
  const timeoutMs = positiveMs(options.timeoutMs ?? DEFAULTS.probeRequestTimeoutMs, 'timeoutMs');
  const origin = base.origin;
  const root = base.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let lastMarkId: string | undefined;

  const call = async (method: 'GET' | 'POST', route: keyof typeof PROBE_ROUTES, query = ''): Promise<unknown> => {
    const target = new URL(`${root}${prefix}${PROBE_ROUTES[route]}${query}`, origin);
    let response: Response;
    try {
      response = await fetch(target, { method, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError')
        throw new RemoteProbeError('timeout', origin, `no answer to ${route} within ${timeoutMs} ms`, { cause: err });
      const why = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new RemoteProbeError('unreachable', origin, `cannot reach ${target.pathname}: ${why}`, { cause: err });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok && body !== undefined) return body;
    const error = body as { error?: unknown; message?: unknown } | undefined;
    if (REASONS.includes(error?.error as ProbeErrorReason) && typeof error?.message === 'string') {
      throw new RemoteProbeError(error.error as ProbeErrorReason, origin, error.message, { status: response.status });
    }
    throw new RemoteProbeError(
      'bad-response',
      origin,
      `${route} answered HTTP ${response.status} without a heap probe body (is ${prefix} mounted?)`,
      {
        status: response.status,
      },
    );
  };

  return {
    origin,
    async mark() {
      const body = (await call('POST', 'mark')) as MarkResponse;
      if (typeof body?.markId !== 'string') throw new RemoteProbeError('bad-response', origin, 'mark answered without a markId');
      lastMarkId = body.markId;
      return body;
    },
    async read(readOptions = {}) {
      const markId = readOptions.markId ?? lastMarkId;
      const body = (await call('POST', 'read', markId === undefined ? '' : `?markId=${encodeURIComponent(markId)}`)) as ProbeReading;
      const metrics = body?.metrics as Record<string, unknown> | undefined;
      const missing = METRIC_NAMES.filter((m) => typeof metrics?.[m] !== 'number' || !Number.isFinite(metrics[m]));
      if (missing.length) throw new RemoteProbeError('bad-response', origin, `read answered without the metrics ${missing.join(', ')}`);
      return { ...body, origin };
    },
    async status() {
      return (await call('GET', 'status')) as ProbeStatus;
    },
  };
}
