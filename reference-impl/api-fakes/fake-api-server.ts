/**
 * The HTTP plumbing the API fakes share: a server on 127.0.0.1, the account a request acts for
 * (its bearer token names it, as an OAuth access token names a Google user), injected faults
 * and a request quota applied to every API request, and the control routes under `/_fake/`
 * that tests and measured children use to inject faults and change the source data.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { FaultQueue, parseFakeApiFault } from './fake-api-fault.js';

/** What a fake's route answers. `body` is serialised as JSON. */
export interface FakeApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An API request as a fake's route sees it. */
export interface FakeApiRequest {
  readonly method: string;
  readonly url: URL;
  /** The account named by the bearer token. */
  readonly account: string;
}

/** Request quota: at most `requests` API requests per `windowMs`; beyond, 429 with `Retry-After`. */
export interface FakeApiQuota {
  readonly requests: number;
  readonly windowMs: number;
}

/** What a fake plugs into {@link startFakeApiServer}. */
export interface FakeApiHandlers {
  /** Answers an API request; `undefined` means no such route (404). */
  api(request: FakeApiRequest): FakeApiResponse | undefined;
  /** Answers `POST /_fake/accounts/<account>/<action>` with a parsed JSON body; `undefined` = 404. */
  control(account: string, action: string, body: unknown): FakeApiResponse | undefined;
  /** The API's error body for `status` (each Google API has its own shape). */
  errorBody(status: number, reason: string, message: string): unknown;
}

/** Options of {@link startFakeApiServer}. */
export interface FakeApiServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** @default no quota */
  readonly quota?: FakeApiQuota;
}

/** A running fake. */
export interface FakeApiServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Faults for the next API requests (also reachable as `POST /_fake/faults`). */
  readonly faults: FaultQueue;
  /** API requests received (any status, faults included). */
  readonly requests: number;
  /** Stops accepting, destroys open connections. Idempotent. */
  close(): Promise<void>;
}

const ACCOUNT = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_CONTROL_BODY_BYTES = 64 * 1024;

async function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONTROL_BODY_BYTES) throw new TypeError('body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

/** Starts a fake on 127.0.0.1 and resolves once it listens. */
export async function startFakeApiServer(handlers: FakeApiHandlers, options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be a TCP port number (0 = any), got ${port}`);
  const quota = options.quota;
  if (quota && !(Number.isSafeInteger(quota.requests) && quota.requests > 0 && quota.windowMs > 0)) {
    throw new TypeError('quota needs requests > 0 (an integer) and windowMs > 0');
  }
  const faults = new FaultQueue();
  let requests = 0;
  let windowStart = performance.now();
  let windowRequests = 0;

  const send = (res: http.ServerResponse, r: FakeApiResponse, cut = false) => {
    const text = JSON.stringify(r.body);
    const bytes = Buffer.from(text, 'utf8');
    res.writeHead(r.status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': bytes.length, ...r.headers });
    if (!cut) {
      res.end(bytes);
      return;
    }
    // Half the promised bytes, then the connection is gone: the client's body read fails.
    res.write(bytes.subarray(0, bytes.length >>> 1), () => res.socket?.destroy());
  };
  const fail = (res: http.ServerResponse, status: number, reason: string, message: string, headers?: Record<string, string>) =>
    send(res, { status, body: handlers.errorBody(status, reason, message), headers });

  const overQuota = (): number | undefined => {
    if (!quota) return undefined;
    const now = performance.now();
    if (now - windowStart >= quota.windowMs) {
      windowStart = now;
      windowRequests = 0;
    }
    if (++windowRequests <= quota.requests) return undefined;
    return Math.max(1, Math.ceil((quota.windowMs - (now - windowStart)) / 1000));
  };

  const control = async (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    if (req.method !== 'POST') return fail(res, 405, 'METHOD_NOT_ALLOWED', 'control routes take POST');
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch {
      return fail(res, 400, 'INVALID_ARGUMENT', 'control body must be JSON (at most 64 KiB)');
    }
    try {
      if (path === '/_fake/faults') {
        const list = (body as { faults?: unknown }).faults;
        if (!Array.isArray(list)) throw new TypeError('body.faults must be an array of { fault, times }');
        const parsed = list.map((f: { fault?: unknown; times?: unknown }) => ({
          fault: parseFakeApiFault(f?.fault),
          times: f?.times ?? 1,
        }));
        for (const f of parsed) faults.inject(f.fault, f.times as number);
        return send(res, { status: 200, body: { pending: faults.pending } });
      }
      const m = /^\/_fake\/accounts\/([^/]+)\/([a-z-]+)$/.exec(path);
      if (m && ACCOUNT.test(m[1]!)) {
        const answer = handlers.control(m[1]!, m[2]!, body);
        if (answer) return send(res, answer);
      }
      return fail(res, 404, 'NOT_FOUND', 'no such control route');
    } catch (err) {
      return fail(res, 400, 'INVALID_ARGUMENT', err instanceof Error ? err.message : String(err));
    }
  };

  const api = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    requests++;
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !ACCOUNT.test(auth[1]!))
      return fail(res, 401, 'UNAUTHENTICATED', 'Request is missing a valid bearer token naming an account.');
    const retryAfter = overQuota();
    if (retryAfter !== undefined) {
      return fail(res, 429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric read requests per minute.', {
        'retry-after': String(retryAfter),
      });
    }
    const fault = faults.take();
    if (fault?.kind === 'latency') await delay(fault.delayMs);
    if (fault?.kind === 'rate-limit') {
      return fail(res, 429, 'RESOURCE_EXHAUSTED', 'Quota exceeded (injected).', { 'retry-after': String(fault.retryAfterSeconds) });
    }
    if (fault?.kind === 'server-error') return fail(res, 500, 'INTERNAL', 'Internal error encountered (injected).');
    const answer = handlers.api({ method: req.method ?? 'GET', url, account: auth[1]! });
    if (!answer) return fail(res, 404, 'NOT_FOUND', 'Requested entity was not found.');
    send(res, answer, fault?.kind === 'reset-mid-page');
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handled = url.pathname.startsWith('/_fake/') ? control(req, res, url.pathname) : api(req, res, url);
    handled.catch((err: unknown) => {
      if (!res.headersSent) fail(res, 500, 'INTERNAL', err instanceof Error ? err.message : String(err));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    faults,
    get requests() {
      return requests;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
