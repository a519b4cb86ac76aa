/**
 * The memory-pressure scenario's level counters, from a handler's `transition` events:
 * transitions, flaps and the highest level reached, over one measured run.
 *
 * A **flap** is entering a level that was left less than `dwellMs` earlier (issue 12): the
 * oscillation hysteresis exists to prevent. Rising is immediate in the handler, so a flap is
 * possible by design; a hysteresis that works shows none.
 */
import type { PressureTransition } from '../../reference-impl/pressure/pressure-action.js';
import { type PressureLevel, pressureLevelValue } from '../../reference-impl/pressure/pressure-level.js';

/** What a tracker listens to (a `MemoryPressureHandler`). */
export interface LevelSource {
  readonly level: PressureLevel;
  on(event: 'transition', listener: (t: PressureTransition) => void): unknown;
  off(event: 'transition', listener: (t: PressureTransition) => void): unknown;
}

/** The counters a {@link LevelTracker} reports. */
export interface LevelCounters {
  /** Level changes seen. */
  readonly levelTransitions: number;
  /** Entries into a level left less than the dwell time earlier. */
  readonly flaps: number;
  /** The highest level in force at any time, 0 (normal) – 3 (emergency). */
  readonly maxLevel: number;
}

/** Counts a handler's transitions from construction until {@link LevelTracker.stop}. */
export class LevelTracker {
  readonly #source: LevelSource;
  readonly #dwellMs: number;
  /** When each level was last left, on the transitions' clock. */
  readonly #leftAt = new Map<PressureLevel, number>();
  readonly #listener = (t: PressureTransition) => this.#record(t);
  #transitions = 0;
  #flaps = 0;
  #maxLevel: number;

  /** @param dwellMs the handler's minimum dwell time, in milliseconds (≥ 0) */
  constructor(source: LevelSource, dwellMs: number) {
    if (!(dwellMs >= 0)) throw new TypeError(`dwellMs must be a number of milliseconds ≥ 0, got ${String(dwellMs)}`);
    this.#source = source;
    this.#dwellMs = dwellMs;
    this.#maxLevel = pressureLevelValue(source.level);
    source.on('transition', this.#listener);
  }

  /** The counters so far. */
  counters(): LevelCounters {
    return { levelTransitions: this.#transitions, flaps: this.#flaps, maxLevel: this.#maxLevel };
  }

  /** Stops listening. */
  stop(): void {
    this.#source.off('transition', this.#listener);
  }

  #record(t: PressureTransition): void {
    this.#transitions++;
    const left = this.#leftAt.get(t.to);
    if (left !== undefined && t.at - left < this.#dwellMs) this.#flaps++;
    this.#leftAt.set(t.from, t.at);
    this.#maxLevel = Math.max(this.#maxLevel, pressureLevelValue(t.to));
  }
}
