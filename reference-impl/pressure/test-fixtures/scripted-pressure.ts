/**
 * A memory-pressure handler driven by scripted heap readings and a fake clock, for the tests:
 * no timer, no GC observer, a quiet logger, and readings taken only when the test says so.
 */
import { MemoryPressureHandler, type MemoryPressureHandlerOptions } from '../memory-pressure-handler.js';
import type { PressureAction, PressureTransition } from '../pressure-action.js';
import type { PressureLevel } from '../pressure-level.js';

/** The heap limit of the scripted readings, in bytes (1 GB). */
export const SCRIPTED_LIMIT_BYTES = 1_000_000_000;

/** A scripted handler and the controls the tests drive it with. */
export interface ScriptedHandler {
  readonly handler: MemoryPressureHandler;
  /** Every transition event, in order. */
  readonly transitions: PressureTransition[];
  /** The fake clock now, milliseconds. */
  now(): number;
  /** Moves the clock on by `ms`, sets the heap to `ratio` of the limit, takes one reading; returns the level. */
  read(ratio: number, afterMs?: number): PressureLevel;
  /** Reads `ratio` every `stepMs` for `durationMs` of fake time; returns the levels seen. */
  hold(ratio: number, durationMs: number, stepMs?: number): PressureLevel[];
}

/** A handler on scripted readings (the defaults otherwise: thresholds 0.70/0.85/0.95, band 0.05, dwell 5 s). */
export function scriptedHandler(options: MemoryPressureHandlerOptions = {}): ScriptedHandler {
  let ratio = 0.1;
  let t = 0;
  const handler = new MemoryPressureHandler({
    observeGc: false,
    logger: () => {},
    ...options,
    readPressure: () => ({ usedBytes: Math.round(ratio * SCRIPTED_LIMIT_BYTES), limitBytes: SCRIPTED_LIMIT_BYTES }),
    now: () => t,
  });
  const transitions: PressureTransition[] = [];
  handler.on('transition', (transition) => transitions.push(transition));
  const read = (r: number, afterMs = 0) => {
    t += afterMs;
    ratio = r;
    return handler.sample();
  };
  return {
    handler,
    transitions,
    now: () => t,
    read,
    hold: (r, durationMs, stepMs = 250) => {
      const levels: PressureLevel[] = [];
      for (let elapsed = 0; elapsed < durationMs; elapsed += stepMs) levels.push(read(r, stepMs));
      return levels;
    },
  };
}

/** An action that records its calls as `apply:<name>@<level>` / `revert:<name>@<level>` into `log`. */
export function recordingAction(name: string, log: string[]): PressureAction {
  return {
    name,
    apply: (t) => {
      log.push(`apply:${name}@${t.to}`);
    },
    revert: (t) => {
      log.push(`revert:${name}@${t.to}`);
    },
  };
}
