/**
 * A limit given back in steps rather than at once, when a pressure level is left.
 *
 * Lifting a cap in one go is how a pressure handler oscillates: in the `memory-pressure`
 * scenario, the step from warning back to normal lifted the work cache's cap and the in-flight
 * cap together while the surge still ran; the cache refilled and ~700 requests were admitted
 * within half a second, and the level was back at warning 0.3–0.7 s after it had left it (three
 * flaps in one run). Given back geometrically over a few steps, the same recovery lets the
 * reading catch up with the load before the whole limit is gone — the slow start TCP congestion
 * control uses for the same reason (RFC 5681 §3.1) — and a rise during the ramp stops it where
 * it is.
 */

/** How a limit is given back. */
export interface RampOptions {
  /** Steps from the limit in force to the limit restored (≥ 1). @default DEFAULT_RAMP_STEPS (4) */
  readonly steps?: number;
  /** Time between steps, in milliseconds (≥ 1). */
  readonly stepMs: number;
}

/** Steps of a ramp unless the caller says otherwise. */
export const DEFAULT_RAMP_STEPS = 4;

/**
 * The value of step `step` of `steps` from `from` to `to` (both > 0): geometric, so each step
 * multiplies the limit by the same factor; with `to` infinite, the limit doubles each step and
 * the last step sets `to`.
 */
export function rampValue(from: number, to: number, step: number, steps: number): number {
  if (step >= steps) return to;
  if (!Number.isFinite(to)) return from * 2 ** step;
  return from * (to / from) ** (step / steps);
}

/** Checks {@link RampOptions}; returns them resolved. */
export function resolveRampOptions(options: RampOptions): Required<RampOptions> {
  const steps = options.steps ?? DEFAULT_RAMP_STEPS;
  if (!Number.isInteger(steps) || steps < 1) throw new TypeError(`ramp steps must be a whole number ≥ 1, got ${String(steps)}`);
  if (!Number.isInteger(options.stepMs) || options.stepMs < 1) {
    throw new TypeError(`ramp stepMs must be a whole number of milliseconds ≥ 1, got ${String(options.stepMs)}`);
  }
  return { steps, stepMs: options.stepMs };
}

/**
 * One limit's ramp: {@link start} gives the limit back in steps through `set`; {@link stop}
 * ends a ramp in progress where it is and says where it was going. The timer is `unref()`'d:
 * a ramp never keeps a process alive.
 */
export class RecoveryRamp {
  readonly #options: Required<RampOptions>;
  #timer: NodeJS.Timeout | undefined;
  #target: number | undefined;

  constructor(options: RampOptions) {
    this.#options = resolveRampOptions(options);
  }

  /** True while a ramp is in progress. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Gives the limit back from `from` to `to` through `set`, one step every `stepMs`, the first
   * `stepMs` from now (the limit stays at `from` until then: the reading that allowed the step
   * down gets one step's time to be confirmed before anything is given back). A ramp in
   * progress is stopped first. `onDone` runs after the last step.
   */
  start(from: number, to: number, set: (value: number) => void, onDone?: () => void): void {
    this.stop();
    const { steps, stepMs } = this.#options;
    if (!(from > 0) || !(to > from)) {
      set(to);
      onDone?.();
      return;
    }
    this.#target = to;
    let step = 1;
    const advance = () => {
      set(rampValue(from, to, step, steps));
      if (step >= steps) {
        this.#timer = undefined;
        this.#target = undefined;
        onDone?.();
        return;
      }
      step++;
      this.#timer = setTimeout(advance, stepMs);
      this.#timer.unref();
    };
    this.#timer = setTimeout(advance, stepMs);
    this.#timer.unref();
  }

  /** Stops a ramp in progress where it is; returns the limit it was going to, or undefined when none ran. */
  stop(): number | undefined {
    if (this.#timer === undefined) return undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const target = this.#target;
    this.#target = undefined;
    return target;
  }
}

/**
 * One ramp per limited object (a cache, a degradation manager), shared by every action on it:
 * a level's revert takes over from the ramp of the level above, and a rise stops it where it is.
 * Held weakly: a target that is gone takes its ramp with it.
 */
export class RampsByTarget<T extends object> {
  readonly #ramps = new WeakMap<T, RecoveryRamp>();

  /** Stops `target`'s ramp where it is; returns the limit it was going to, or undefined when none ran. */
  stop(target: T): number | undefined {
    const ramp = this.#ramps.get(target);
    this.#ramps.delete(target);
    return ramp?.stop();
  }

  /**
   * Gives `target`'s limit back from `from` to `to` through `set`: in steps with `options`, at
   * once without them or when `to` is not above `from`. A ramp in progress on `target` is stopped
   * first; `onDone` runs once the limit is back.
   */
  restore(target: T, from: number, to: number, set: (value: number) => void, options: RampOptions | undefined, onDone?: () => void): void {
    this.stop(target);
    if (options === undefined || !(to > from)) {
      set(to);
      onDone?.();
      return;
    }
    const ramp = new RecoveryRamp(options);
    this.#ramps.set(target, ramp);
    ramp.start(from, to, set, () => {
      this.#ramps.delete(target);
      onDone?.();
    });
  }
}
