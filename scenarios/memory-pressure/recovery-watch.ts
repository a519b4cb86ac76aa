/**
 * When a service has recovered after a surge (issue 12's `recoveryMs`): the first moment after
 * the surge ended at which the probe load's requests are *all* answered 2xx again and the
 * pressure level is `normal`. Fed with the probe load's cumulative progress counters (about
 * every 250 ms), so the figure is accurate to one progress interval.
 */
import type { PressureLevel } from '../../reference-impl/pressure/pressure-level.js';

/** Cumulative counters of a load, as `runLoad`'s `onProgress` reports them. */
export interface ProgressCounters {
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Watches the probe load for recovery. */
export class RecoveryWatch {
  readonly #startedAt: number;
  readonly #level: () => PressureLevel;
  readonly #now: () => number;
  #last: ProgressCounters = { ok2xx: 0, non2xx: 0, errors: 0 };
  #recoveredAfterMs: number | undefined;

  /**
   * @param level the level in force now
   * @param now clock, milliseconds; the watch starts at its first reading (the surge's end)
   */
  constructor(level: () => PressureLevel, now: () => number = () => performance.now()) {
    this.#level = level;
    this.#now = now;
    this.#startedAt = now();
  }

  /** Milliseconds from the surge's end to recovery; undefined while not recovered. */
  get recoveredAfterMs(): number | undefined {
    return this.#recoveredAfterMs;
  }

  /** Milliseconds since the surge ended. */
  elapsedMs(): number {
    return this.#now() - this.#startedAt;
  }

  /**
   * One progress report. Recovered when, since the previous report, some requests were
   * answered, all 2xx, none failed, and the level is `normal` now. The first such report counts.
   */
  progress(counters: ProgressCounters): void {
    const served = counters.ok2xx - this.#last.ok2xx;
    const refused = counters.non2xx - this.#last.non2xx;
    const failed = counters.errors - this.#last.errors;
    this.#last = { ok2xx: counters.ok2xx, non2xx: counters.non2xx, errors: counters.errors };
    if (this.#recoveredAfterMs !== undefined) return;
    if (served > 0 && refused === 0 && failed === 0 && this.#level() === 'normal') this.#recoveredAfterMs = this.elapsedMs();
  }
}
