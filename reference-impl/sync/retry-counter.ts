/**
 * The retry bookkeeping both API clients keep: pages received, retries by reason, time waited.
 */
import type { GoogleRetryOptions, RetryReason } from './google-api-request.js';

/** What the client did, for counters. */
export interface ApiClientStats {
  /** Pages received. */
  readonly pages: number;
  /** Retries made (all reasons). */
  readonly retries: number;
  /** Retries after a 429 (`Retry-After` honoured). */
  readonly rateLimited: number;
  /** Milliseconds spent waiting before retries. */
  readonly retryWaitMs: number;
}

/** Retry bookkeeping both API clients share. */
export class RetryCounter {
  pages = 0;
  retries = 0;
  rateLimited = 0;
  retryWaitMs = 0;

  /** An `onRetry` hook that counts, then calls `next`. */
  hook(next?: GoogleRetryOptions['onRetry']): NonNullable<GoogleRetryOptions['onRetry']> {
    return (r: { attempt: number; reason: RetryReason; delayMs: number; status?: number }) => {
      this.retries++;
      if (r.reason === 'rate-limit') this.rateLimited++;
      this.retryWaitMs += r.delayMs;
      next?.(r);
    };
  }

  /** The figures so far. */
  snapshot(): ApiClientStats {
    return { pages: this.pages, retries: this.retries, rateLimited: this.rateLimited, retryWaitMs: this.retryWaitMs };
  }
}
