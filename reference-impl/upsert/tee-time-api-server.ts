/**
 * A loopback fake of a tee-time booking API (the "API" seed 002's workers fetch from), serving
 * {@link generateTeeTimes}' deterministic data with a configurable latency:
 *
 *   GET /v1/courses/<courseId>/tee-times?date=YYYY-MM-DD
 *   → 200 { courseId, date, teeTimes: [{ time, priceCents, spotsAvailable, holes }] }
 *
 * 400 for a malformed course or date, 404 for any other path. Faults for tests, each for the
 * next `count` requests: 429 with `Retry-After` (a quota hit) and 500. Scenarios start it as a
 * fixture, in the parent process, so its work is outside the measured child. Bound to
 * 127.0.0.1 on a free port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateTeeTimes } from './tee-time-generator.js';

/** Options of {@link startTeeTimeApiServer}. */
export interface TeeTimeApiServerOptions {
  /** Delay before every answer, in milliseconds (a remote API's round trip). @default 0 */
  readonly latencyMs?: number;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
}

/** A running fake; see {@link startTeeTimeApiServer}. */
export interface TeeTimeApiServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Requests received on the tee-time route, any status. */
  readonly requests: number;
  /** The next `count` tee-time requests answer 429 with `Retry-After: <retryAfterSeconds>`. */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  /** The next `count` tee-time requests answer 500. */
  failNext(count: number): void;
  /** Stops accepting and closes every open connection (keep-alive ones too). Idempotent. */
  close(): Promise<void>;
}

const ROUTE = /^\/v1\/courses\/([1-9][0-9]{0,8})\/tee-times$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${name} must be a non-negative integer, got ${String(n)}`);
}

/** Starts the fake and resolves once it listens. */
export async function startTeeTimeApiServer(options: TeeTimeApiServerOptions = {}): Promise<TeeTimeApiServer> {
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new TypeError('latencyMs must be a non-negative number of milliseconds');
  let requests = 0;
  let rateLimited = 0;
  let retryAfterSeconds = 1;
  let failing = 0;
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = ROUTE.exec(url.pathname);
    if (req.method !== 'GET' || !match) return send(res, 404, { error: 'not found' });
    requests++;
    if (rateLimited > 0) {
      rateLimited--;
      return send(res, 429, { error: 'rate limit exceeded' }, { 'retry-after': String(retryAfterSeconds) });
    }
    if (failing > 0) {
      failing--;
      return send(res, 500, { error: 'internal error' });
    }
    const date = url.searchParams.get('date') ?? '';
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return send(res, 400, { error: 'date must be YYYY-MM-DD' });
    const courseId = Number(match[1]);
    const teeTimes = generateTeeTimes({ courseId, playDate: date }).map((t) => ({
      time: t.teeTime,
      priceCents: t.priceCents,
      spotsAvailable: t.spotsAvailable,
      holes: t.holes,
    }));
    send(res, 200, { courseId, date, teeTimes });
  };

  const server = http.createServer((req, res) => {
    if (latencyMs === 0) return answer(req, res);
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer(req, res);
    }, latencyMs);
    timers.add(timer);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    rateLimitNext(count, seconds) {
      checkCount('count', count);
      if (!Number.isInteger(seconds) || seconds < 0) throw new TypeError('retryAfterSeconds must be a non-negative integer');
      rateLimited = count;
      retryAfterSeconds = seconds;
    },
    failNext(count) {
      checkCount('count', count);
      failing = count;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
