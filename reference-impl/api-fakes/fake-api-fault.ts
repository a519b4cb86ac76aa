/**
 * Faults an API fake can be told to inject into its next responses (tests and scenario
 * variants ask for them; the real APIs produce them on their own).
 */

/** One injected fault. */
export type FakeApiFault =
  /** Answer normally, after `delayMs` milliseconds. */
  | { readonly kind: 'latency'; readonly delayMs: number }
  /** HTTP 429 with `Retry-After: retryAfterSeconds` (Google's quota answer, `RESOURCE_EXHAUSTED`). */
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  /** HTTP 500 (`INTERNAL`). */
  | { readonly kind: 'server-error' }
  /** The status line, the headers (with the full `Content-Length`) and half the body, then the connection is destroyed. */
  | { readonly kind: 'reset-mid-page' };

/** A fault and how many consecutive list requests it applies to. */
export interface FakeApiFaultRequest {
  readonly fault: FakeApiFault;
  /** @default 1 */
  readonly times?: number;
}

/** Validates a fault from untrusted JSON (the control route); throws TypeError when malformed. */
export function parseFakeApiFault(value: unknown): FakeApiFault {
  const f = value as { kind?: unknown; delayMs?: unknown; retryAfterSeconds?: unknown } | null;
  const nonNegative = (n: unknown, name: string): number => {
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 600_000)
      throw new TypeError(`${name} must be a number in [0, 600000]`);
    return n;
  };
  switch (f?.kind) {
    case 'latency':
      return { kind: 'latency', delayMs: nonNegative(f.delayMs, 'delayMs') };
    case 'rate-limit':
      return { kind: 'rate-limit', retryAfterSeconds: Math.floor(nonNegative(f.retryAfterSeconds, 'retryAfterSeconds')) };
    case 'server-error':
      return { kind: 'server-error' };
    case 'reset-mid-page':
      return { kind: 'reset-mid-page' };
    default:
      throw new TypeError('fault.kind must be latency, rate-limit, server-error or reset-mid-page');
  }
}

/** Faults waiting to be applied, first in first out, one per list request. */
export class FaultQueue {
  readonly #queue: FakeApiFault[] = [];

  /** Queues `fault` for the next `times` list requests (after those already queued). */
  inject(fault: FakeApiFault, times = 1): void {
    if (!Number.isSafeInteger(times) || times < 1 || times > 10_000) throw new TypeError('times must be an integer in [1, 10000]');
    for (let i = 0; i < times; i++) this.#queue.push(fault);
  }

  /** The fault for this request, if any. */
  take(): FakeApiFault | undefined {
    return this.#queue.shift();
  }

  /** Faults still queued. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#queue.length = 0;
  }
}
