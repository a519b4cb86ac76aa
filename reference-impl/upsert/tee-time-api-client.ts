/**
 * Fetches one (course, date)'s tee times from the tee-time API over `node:http` with a
 * keep-alive agent (measured here on a loaded 2-core machine: 1.5–3× the requests per second of
 * global `fetch`, whose undici layers cost more CPU per small request), retrying what a retry can fix:
 * a 429 waits exactly what its `Retry-After` asks (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date; https://www.rfc-editor.org/rfc/rfc9110#field.retry-after), capped; 5xx answers
 * and connection errors back off exponentially. Other 4xx answers fail at once.
 */
import http from 'node:http';
import { backoffDelayMs, sleep as realSleep } from './backoff-delay.js';
import type { TeeTime, TeeTimeTask } from './tee-time.js';
import { teeTimeTaskId } from './tee-time.js';
import { UpsertPoolError } from './upsert-pool-error.js';

/** Options of {@link createTeeTimeFetcher}. */
export interface TeeTimeFetcherOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:4000` (plain HTTP). */
  readonly baseUrl: string;
  /** Connection reuse. @default a keep-alive agent of the fetcher's own ({@link TeeTimeFetcher.close} destroys it) */
  readonly agent?: http.Agent;
  /** Longest wait for one answer, ms; a slower one counts as a connection error. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Requests per task, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** Backoff for 5xx and connection errors: upper bound of the first wait, ms. @default 100 */
  readonly baseDelayMs?: number;
  /** Backoff cap, ms. @default 5000 */
  readonly maxDelayMs?: number;
  /** Longest `Retry-After` honoured, ms; a longer one is waited for this long. @default 60000 */
  readonly maxRetryAfterMs?: number;
  /** Called before each retry with the wait chosen, ms, and why (tests, counters). */
  readonly onRetry?: (info: { readonly taskId: string; readonly delayMs: number; readonly status: number | undefined }) => void;
  /** The wait itself (injected by tests so they assert the delay asked for, not wall time). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Milliseconds a `Retry-After` value asks for, or undefined when it is absent or malformed. */
export function retryAfterMs(header: string | null, nowMs: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

interface TeeTimeBody {
  teeTimes: { time: string; priceCents: number; spotsAvailable: number; holes: number }[];
}

function isBody(b: unknown): b is TeeTimeBody {
  return typeof b === 'object' && b !== null && Array.isArray((b as TeeTimeBody).teeTimes);
}

/** Fetches one task's tee times, with the retries above. */
export interface TeeTimeFetcher {
  (task: TeeTimeTask): Promise<TeeTime[]>;
  /** Destroys the fetcher's own agent (not one passed in). */
  close(): void;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly retryAfter: string | null;
}

/** A function fetching one task's tee times, with the retries above. */
export function createTeeTimeFetcher(options: TeeTimeFetcherOptions): TeeTimeFetcher {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:') throw new TypeError(`baseUrl must be an http:// URL, got ${base.protocol}`);
  const agent = options.agent ?? new http.Agent({ keepAlive: true });
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const get = (url: URL): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const ra = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, text, retryAfter: typeof ra === 'string' ? ra : null });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
    });
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError('maxAttempts must be a positive integer');
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const wait = options.sleep ?? realSleep;
  const backoff = { baseDelayMs: options.baseDelayMs ?? 100, maxDelayMs: options.maxDelayMs ?? 5000 };

  const fetchTask = async (task: TeeTimeTask): Promise<TeeTime[]> => {
    const taskId = teeTimeTaskId(task);
    const url = new URL(`/v1/courses/${encodeURIComponent(String(task.courseId))}/tee-times`, base);
    url.searchParams.set('date', task.playDate);
    let lastStatus: number | undefined;
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      let delayMs: number;
      try {
        const res = await get(url);
        lastStatus = res.status;
        if (res.status === 200) {
          let body: unknown;
          try {
            body = JSON.parse(res.text);
          } catch (err) {
            throw new UpsertPoolError('HEAPGATE_UPSERT_FETCH_REJECTED', `tee times of ${taskId}: body is not JSON`, {
              taskIds: [taskId],
              status: 200,
              cause: err,
            });
          }
          if (!isBody(body))
            throw new UpsertPoolError('HEAPGATE_UPSERT_FETCH_REJECTED', `tee times of ${taskId}: unexpected body`, {
              taskIds: [taskId],
              status: res.status,
            });
          return body.teeTimes.map((t) => ({
            courseId: task.courseId,
            playDate: task.playDate,
            teeTime: t.time,
            priceCents: t.priceCents,
            spotsAvailable: t.spotsAvailable,
            holes: t.holes,
          }));
        }
        if (res.status === 429) {
          delayMs = Math.min(maxRetryAfterMs, retryAfterMs(res.retryAfter) ?? backoffDelayMs(attempt, backoff));
        } else if (res.status >= 500) {
          delayMs = backoffDelayMs(attempt, backoff);
        } else {
          throw new UpsertPoolError('HEAPGATE_UPSERT_FETCH_REJECTED', `tee times of ${taskId}: HTTP ${res.status}`, {
            taskIds: [taskId],
            status: res.status,
          });
        }
        lastError = undefined;
      } catch (err) {
        if (err instanceof UpsertPoolError) throw err;
        // Connection refused, reset or timed out: retryable.
        lastError = err;
        lastStatus = undefined;
        delayMs = backoffDelayMs(attempt, backoff);
      }
      if (attempt >= maxAttempts) {
        throw new UpsertPoolError(
          'HEAPGATE_UPSERT_FETCH_FAILED',
          `tee times of ${taskId}: ${lastStatus === undefined ? 'connection failed' : `HTTP ${lastStatus}`} after ${attempt} attempts`,
          { taskIds: [taskId], ...(lastStatus === undefined ? {} : { status: lastStatus }), cause: lastError },
        );
      }
      options.onRetry?.({ taskId, delayMs, status: lastStatus });
      await wait(delayMs);
    }
  };
  return Object.assign(fetchTask, {
    close() {
      if (!options.agent) agent.destroy();
    },
  });
}
