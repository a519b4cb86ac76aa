/**
 * Tiered memory-pressure handling (seed 003, "Memory Pressure Handling"): reads the heap against
 * its limit, moves between `normal`, `warning`, `critical` and `emergency`, and applies the
 * actions registered for a level while it is in force.
 *
 * What the field's anchors leave out, and this adds:
 * - **Tiers.** `@fastify/under-pressure` has one absolute threshold per metric and answers 503
 *   above it; here three levels each carry their own actions, as Envoy's overload manager has
 *   tiered actions (https://www.envoyproxy.io/docs/envoy/latest/configuration/operations/overload_manager/overload_manager).
 * - **Hysteresis and recovery.** Rising is immediate and may jump several levels. A level is
 *   left only when the pressure is `recoveryBand` below its threshold *and* the level has held
 *   for `minDwellMs` since it was entered or last re-confirmed by a reading at or above its
 *   threshold; falling goes one level per step, reverting that level's actions, so caches and
 *   features come back gradually and a reading hovering around a threshold never flaps.
 * - **Readings where the heap changes.** A timer reads every `sampleIntervalMs`, and a
 *   `PerformanceObserver` on `gc` entries reads after garbage collections, so a fast rise
 *   between two ticks is seen (the heap grows by allocation, which triggers collections).
 *   Node delivers `gc` entries to observers after the collection, batched, so the reading never
 *   runs inside the GC; it is still one small object, as collections can come dozens a second.
 */
import { EventEmitter } from 'node:events';
import { PerformanceObserver } from 'node:perf_hooks';
import type { PressureAction, PressureTransition } from './pressure-action.js';
import { isFullCollection } from './full-garbage-collector.js';
import { type MemoryPressureHandlerOptions, type ResolvedOptions, resolveOptions } from './memory-pressure-options.js';
import { type ElevatedPressureLevel, levelForRatio, PRESSURE_LEVELS, type PressureLevel, pressureLevelValue } from './pressure-level.js';

/** What caused a reading. */
export type ReadingSource = 'timer' | 'gc' | 'manual';

/** The events a {@link MemoryPressureHandler} emits. */
export interface MemoryPressureHandlerEvents {
  /** After every level change, once the level's actions were applied or reverted. */
  transition: [transition: PressureTransition];
}

/** How often the handler went from one level to another. */
export interface TransitionCount {
  readonly from: PressureLevel;
  readonly to: PressureLevel;
  readonly count: number;
}

/** Counters of a {@link MemoryPressureHandler} since it was created. */
export interface MemoryPressureStats {
  readonly level: PressureLevel;
  /** The last reading's used heap / heap limit (0–1); 0 before the first reading. */
  readonly pressure: number;
  /** The last reading, bytes; 0 before the first. */
  readonly usedBytes: number;
  readonly limitBytes: number;
  /** Readings taken, and how many of them followed a garbage collection. */
  readonly readings: number;
  readonly gcReadings: number;
  /** Level changes in total, and per (from, to) pair in the order first seen. */
  readonly transitions: number;
  readonly transitionCounts: readonly TransitionCount[];
  /** Milliseconds spent in each level, the current one up to now. */
  readonly timeInLevelMs: Readonly<Record<PressureLevel, number>>;
  /** When the current level was entered, on the handler's clock. */
  readonly levelSince: number;
  /** Actions or listeners that threw (or rejected), and readings that failed on the timer or after a GC. */
  readonly actionErrors: number;
  readonly readingErrors: number;
  /** Full collections the handler ran itself (`collectGarbage`). */
  readonly forcedGcs: number;
}

export type { MemoryPressureHandlerOptions } from './memory-pressure-options.js';

const ELEVATED: readonly ElevatedPressureLevel[] = ['warning', 'critical', 'emergency'];

/**
 * Watches heap pressure and runs the registered actions per level. Nothing runs until
 * {@link start}; its timer is `unref()`'d and the GC observer holds no handle, so a handler never
 * keeps a process alive, and {@link close} removes both.
 *
 * @example
 * const handler = new MemoryPressureHandler();
 * handler.onLevel('warning', cacheCapacityAction(cacheRegistry, 0.75));
 * handler.on('transition', (t) => metrics.transition(t));
 * handler.start();
 */
export class MemoryPressureHandler extends EventEmitter<MemoryPressureHandlerEvents> {
  /** The resolved, frozen options. */
  readonly options: ResolvedOptions;
  // Index 1–3: the actions of warning, critical, emergency (index 0, normal, stays empty).
  readonly #actions: PressureAction[][] = [[], [], [], []];
  readonly #transitionCounts = new Map<string, { from: PressureLevel; to: PressureLevel; count: number }>();
  readonly #timeInLevel: Record<PressureLevel, number> = { normal: 0, warning: 0, critical: 0, emergency: 0 };
  #levelIndex = 0;
  #levelSince: number;
  /** The last time the current level was entered or re-confirmed; its dwell counts from here. */
  #confirmedAt: number;
  #pressure = 0;
  #usedBytes = 0;
  #limitBytes = 0;
  #readings = 0;
  #gcReadings = 0;
  #transitions = 0;
  #actionErrors = 0;
  #readingErrors = 0;
  #forcedGcs = 0;
  /** The last full collection seen (V8's own, after the GC observer reported it, or one the handler ran). */
  #lastFullGcAt: number;
  #busy = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #observer: PerformanceObserver | undefined;

  constructor(options: MemoryPressureHandlerOptions = {}) {
    // A listener returning a rejected promise is reported like one that throws, not left as
    // an unhandled rejection (see the captureRejectionSymbol method below).
    super({ captureRejections: true });
    this.options = resolveOptions(options);
    this.#levelSince = this.#confirmedAt = this.#lastFullGcAt = this.options.now();
  }

  /** The level in force. */
  get level(): PressureLevel {
    return PRESSURE_LEVELS[this.#levelIndex]!;
  }

  /** The last reading's used heap / heap limit (0–1); 0 before the first reading. */
  get pressure(): number {
    return this.#pressure;
  }

  /** True between {@link start} and {@link close}. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Takes a reading now, starts the timer and, with `observeGc`, the GC observer. Idempotent;
   * throws after {@link close}.
   */
  start(): void {
    if (this.#closed) throw new Error('MemoryPressureHandler was closed; create a new one');
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#sampleSafely('timer'), this.options.sampleIntervalMs);
    this.#timer.unref();
    if (this.options.observeGc) {
      this.#observer = new PerformanceObserver((list) => {
        if (list.getEntries().some(isFullCollection)) this.#lastFullGcAt = this.options.now();
        this.#sampleSafely('gc');
      });
      this.#observer.observe({ entryTypes: ['gc'] });
    }
    this.#sampleSafely('timer');
  }

  /**
   * Stops the timer and the GC observer for good. The level and the actions in force stay as
   * they are (closing is shutting down, not recovering); {@link sample} still works.
   */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  /**
   * Reads the pressure once and moves the level if the rules say so; returns the level then.
   * Throws what `readPressure` throws, and a `TypeError` for a reading that is not two
   * non-negative byte counts with a positive limit. A reading taken while the handler is
   * running actions (an action that samples) is ignored.
   */
  sample(source: ReadingSource = 'manual'): PressureLevel {
    if (this.#busy) return this.level;
    this.#collectIfDue(source);
    const reading = this.options.readPressure();
    const used = reading?.usedBytes;
    const limit = reading?.limitBytes;
    if (typeof used !== 'number' || typeof limit !== 'number' || !(used >= 0) || !(limit > 0) || !Number.isFinite(used + limit)) {
      throw new TypeError(`readPressure must return { usedBytes ≥ 0, limitBytes > 0 } in bytes, got ${String(used)} / ${String(limit)}`);
    }
    this.#readings++;
    if (source === 'gc') this.#gcReadings++;
    this.#usedBytes = used;
    this.#limitBytes = limit;
    const ratio = used / limit;
    this.#pressure = ratio;
    const at = this.options.now();
    const { thresholds, recoveryBand, minDwellMs } = this.options;
    const current = this.#levelIndex;
    const target = pressureLevelValue(levelForRatio(ratio, thresholds));
    if (target > current) {
      this.#moveTo(target, ratio, at, source);
    } else if (current > 0) {
      const threshold = thresholds[PRESSURE_LEVELS[current] as ElevatedPressureLevel];
      if (ratio >= threshold) this.#confirmedAt = at;
      else if (ratio < threshold - recoveryBand && at - this.#confirmedAt >= minDwellMs) this.#moveTo(current - 1, ratio, at, source);
    }
    return this.level;
  }

  /**
   * Registers `action` for `level`: applied whenever the handler enters `level` or jumps past
   * it, reverted when it falls below `level`. Returns a function that unregisters it (reverting
   * it if in force). Registering or unregistering while `level` is in force reverts the actions
   * of `level` and above, changes the list, and re-applies them, so apply and revert always
   * nest like a stack and each action can restore exactly what it changed.
   */
  onLevel(level: ElevatedPressureLevel, action: PressureAction): () => void {
    if (!ELEVATED.includes(level)) throw new TypeError(`level must be one of ${ELEVATED.join(', ')}, got ${String(level)}`);
    if (
      typeof action !== 'object' ||
      action === null ||
      typeof action.name !== 'string' ||
      typeof action.apply !== 'function' ||
      typeof action.revert !== 'function'
    ) {
      throw new TypeError('action must be { name: string, apply(transition), revert(transition) }');
    }
    const index = pressureLevelValue(level);
    this.#restack(index, () => this.#actions[index]!.push(action));
    let registered = true;
    return () => {
      if (!registered) return;
      registered = false;
      this.#restack(index, () => {
        const list = this.#actions[index]!;
        const at = list.indexOf(action);
        if (at >= 0) list.splice(at, 1);
      });
    };
  }

  /** The actions registered for `level`, in registration order. */
  actionsFor(level: ElevatedPressureLevel): readonly PressureAction[] {
    return [...this.#actions[pressureLevelValue(level)]!];
  }

  /** Counters since construction. */
  stats(): MemoryPressureStats {
    const now = this.options.now();
    const timeInLevelMs = { ...this.#timeInLevel };
    timeInLevelMs[this.level] += now - this.#levelSince;
    return {
      level: this.level,
      pressure: this.#pressure,
      usedBytes: this.#usedBytes,
      limitBytes: this.#limitBytes,
      readings: this.#readings,
      gcReadings: this.#gcReadings,
      transitions: this.#transitions,
      transitionCounts: [...this.#transitionCounts.values()].map((c) => ({ ...c })),
      timeInLevelMs,
      levelSince: this.#levelSince,
      actionErrors: this.#actionErrors,
      readingErrors: this.#readingErrors,
      forcedGcs: this.#forcedGcs,
    };
  }

  /** Called by `EventEmitter` (captureRejections) when a listener's promise rejects. */
  [EventEmitter.captureRejectionSymbol](error: Error, event: unknown, ..._args: unknown[]): void {
    this.#report(`[memory-pressure] ${String(event)} listener failed`, error);
  }

  #moveTo(toIndex: number, ratio: number, at: number, source: ReadingSource): void {
    const fromIndex = this.#levelIndex;
    const from = PRESSURE_LEVELS[fromIndex]!;
    const to = PRESSURE_LEVELS[toIndex]!;
    const transition: PressureTransition = Object.freeze({ from, to, pressure: ratio, at });
    this.#timeInLevel[from] += at - this.#levelSince;
    this.#levelIndex = toIndex;
    this.#levelSince = this.#confirmedAt = at;
    this.#transitions++;
    const key = `${from}>${to}`;
    const counted = this.#transitionCounts.get(key);
    if (counted) counted.count++;
    else this.#transitionCounts.set(key, { from, to, count: 1 });
    this.#busy = true;
    try {
      if (toIndex > fromIndex) {
        for (let l = fromIndex + 1; l <= toIndex; l++) for (const a of this.#actions[l]!) this.#run(a, 'apply', transition);
      } else {
        const list = this.#actions[fromIndex]!;
        for (let i = list.length - 1; i >= 0; i--) this.#run(list[i]!, 'revert', transition);
      }
    } finally {
      this.#busy = false;
    }
    this.#log(`[memory-pressure] ${from} → ${to}`, {
      from,
      to,
      pressure: ratio,
      usedBytes: this.#usedBytes,
      limitBytes: this.#limitBytes,
      source,
    });
    try {
      this.emit('transition', transition);
    } catch (error) {
      this.#report('[memory-pressure] transition listener failed', error);
    }
  }

  /** Reverts levels current…index, runs `change`, re-applies index…current (see {@link onLevel}). */
  #restack(index: number, change: () => void): void {
    const current = this.#levelIndex;
    const level = this.level;
    const transition: PressureTransition = Object.freeze({ from: level, to: level, pressure: this.#pressure, at: this.options.now() });
    this.#busy = true;
    try {
      for (let l = current; l >= index; l--) {
        const list = this.#actions[l]!;
        for (let i = list.length - 1; i >= 0; i--) this.#run(list[i]!, 'revert', transition);
      }
      change();
      for (let l = index; l <= current; l++) for (const a of this.#actions[l]!) this.#run(a, 'apply', transition);
    } finally {
      this.#busy = false;
    }
  }

  #run(action: PressureAction, step: 'apply' | 'revert', transition: PressureTransition): void {
    try {
      const result = action[step](transition);
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (error: unknown) =>
          this.#report(`[memory-pressure] action ${action.name} ${step} failed`, error),
        );
      }
    } catch (error) {
      this.#report(`[memory-pressure] action ${action.name} ${step} failed`, error);
    }
  }

  /** Runs `collectGarbage` when a level above normal has seen no full collection for a dwell time (see the option). */
  #collectIfDue(source: ReadingSource): void {
    const collect = this.options.collectGarbage;
    if (collect === undefined || this.#levelIndex === 0 || source === 'gc') return;
    const at = this.options.now();
    if (at - this.#lastFullGcAt < this.options.minDwellMs) return;
    this.#lastFullGcAt = at;
    this.#forcedGcs++;
    try {
      collect();
    } catch (error) {
      this.#report('[memory-pressure] collectGarbage failed', error);
    }
  }

  #sampleSafely(source: ReadingSource): void {
    try {
      this.sample(source);
    } catch (error) {
      // A throw out of a timer or an observer callback is an uncaughtException: the handler
      // must never be what crashes the process it protects.
      this.#readingErrors++;
      this.#log('[memory-pressure] reading failed', { source, error: (error as Error)?.message ?? String(error) });
    }
  }

  #report(message: string, error: unknown): void {
    this.#actionErrors++;
    this.#log(message, { error: (error as Error)?.message ?? String(error) });
  }

  #log(message: string, details: Readonly<Record<string, unknown>>): void {
    try {
      this.options.logger(message, details);
    } catch (error) {
      process.emitWarning(`MemoryPressureHandler logger failed on "${message}": ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
