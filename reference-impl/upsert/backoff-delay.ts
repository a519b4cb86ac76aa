/**
 * Exponential backoff with "full jitter" (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/):
 * the wait before retry `attempt` is uniform in [0, min(maxMs, baseMs · 2^(attempt-1))], so
 * workers that failed together do not retry together.
 */

/** Backoff settings, in milliseconds. */
export interface BackoffOptions {
  /** Upper bound of the first wait. @default 100 */
  readonly baseDelayMs?: number;
  /** Cap of any one wait. @default 5000 */
  readonly maxDelayMs?: number;
  /** Source of randomness in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** The wait before retry number `attempt` (1 = the first retry), in milliseconds. */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 5000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
