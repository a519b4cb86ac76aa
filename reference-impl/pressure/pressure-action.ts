/**
 * What the memory-pressure handler does at a level: an action registered for a level is
 * applied when the handler enters that level (or jumps past it) and reverted when the handler
 * falls below it again, so at any time exactly the actions of the current level and the levels
 * beneath it are in force.
 */
import type { PressureLevel } from './pressure-level.js';

/** One level change, as told to actions and to `transition` listeners. */
export interface PressureTransition {
  readonly from: PressureLevel;
  readonly to: PressureLevel;
  /** The reading that caused it: used heap / heap size limit (0–1). */
  readonly pressure: number;
  /** When, in milliseconds on the handler's clock (`performance.now()` unless injected). */
  readonly at: number;
}

/**
 * A reversible action. `apply` and `revert` may return a promise (the handler does not wait for
 * it, and reports a rejection like a throw: logged and counted, never crashing the timer).
 * Actions of one level are applied in registration order and reverted in reverse order, and
 * actions of lower levels are applied first, so an action may save the state it changes in
 * `apply` and restore exactly that in `revert`.
 */
export interface PressureAction {
  /** Names the action in logs and statistics. */
  readonly name: string;
  apply(transition: PressureTransition): void | Promise<void>;
  revert(transition: PressureTransition): void | Promise<void>;
}

/** An action whose steps finish before they return (every ready-made action is one). */
export interface SyncPressureAction extends PressureAction {
  apply(transition: PressureTransition): void;
  revert(transition: PressureTransition): void;
}
