/**
 * Seed 003's tiered response as ready-made {@link PressureAction}s, and {@link registerSeedActions}
 * to register the whole set on a handler:
 *
 * | level     | seed 003                                             | actions                                                       |
 * | --------- | ---------------------------------------------------- | ------------------------------------------------------------- |
 * | warning   | reduce caches 25 %, disable non-essential background tasks, log | caches at 75 %, pause non-essential tasks (the handler logs every transition) |
 * | critical  | purge caches 50 %, disable non-essential caching, limit concurrency, alert | caches at 50 %, non-essential caching off and emptied, in-flight cap, `alert` |
 * | emergency | minimal caching, reject non-critical requests, prioritize core | caches at 10 %, shed `normal` and `background`, non-essential features off |
 *
 * Each action saves what it changes in `apply` and restores exactly that in `revert`; the
 * handler nests them like a stack, so recovery undoes a level at a time.
 *
 * Seed 003's "Increase garbage collection frequency" has no counterpart: V8 schedules
 * collections itself and already collects more often as the heap nears its limit, and forcing
 * one (`global.gc`, only under `--expose-gc`) blocks the event loop for the whole collection.
 */
import type { ManagedCache } from '../caches/managed-cache.js';
import type { BackgroundTaskRegistry } from './background-task-registry.js';
import { type CacheSource, cacheCapacityAction } from './cache-capacity-action.js';
import type { DegradationManager, RequestPriority } from './degradation-manager.js';
import type { MemoryPressureHandler } from './memory-pressure-handler.js';
import type { PressureAction, PressureTransition, SyncPressureAction } from './pressure-action.js';
import { DEFAULT_CACHE_CAPACITY_FACTORS, DEFAULT_CRITICAL_MAX_IN_FLIGHT } from './pressure-defaults.js';
import type { ElevatedPressureLevel } from './pressure-level.js';
import { RampsByTarget, type RampOptions, RecoveryRamp } from './recovery-ramp.js';

/** Pauses the registry's non-essential tasks; resumes exactly those on revert. */
export function pauseBackgroundTasksAction(tasks: BackgroundTaskRegistry): SyncPressureAction {
  const paused: string[][] = [];
  return {
    name: 'pause-background-tasks',
    apply: () => {
      paused.push(tasks.pauseNonEssential());
    },
    revert: () => tasks.resume(paused.pop() ?? []),
  };
}

/** Turns off every non-essential feature flag; turns exactly those back on on revert. */
export function disableNonEssentialFeaturesAction(degradation: DegradationManager): SyncPressureAction {
  const disabled: string[][] = [];
  return {
    name: 'disable-non-essential-features',
    apply: () => {
      disabled.push(degradation.disableNonEssential());
    },
    revert: () => {
      for (const name of disabled.pop() ?? []) degradation.setEnabled(name, true);
    },
  };
}

/**
 * Seed 003 Level 2, "Disable AI service caching": turns the feature flag `feature` off and
 * empties `caches` (their memory is what the level needs back; the evictions are counted). On
 * revert the flag returns to what it was; the caches refill from traffic. Code that fills the
 * caches must check `degradation.isEnabled(feature)` first, or they refill at once.
 */
export function disableCachingAction(
  degradation: DegradationManager,
  feature: string,
  caches: readonly ManagedCache[] = [],
): SyncPressureAction {
  degradation.isEnabled(feature); // throws now, not at critical, when the flag is not defined
  const was: boolean[] = [];
  return {
    name: `disable-caching:${feature}`,
    apply: () => {
      was.push(degradation.setEnabled(feature, false));
      for (const cache of caches) while (cache.evictColdest());
    },
    revert: () => {
      degradation.setEnabled(feature, was.pop() ?? true);
    },
  };
}

/** The ramp giving a degradation manager its in-flight cap back, across every in-flight action on it. */
const inFlightRamps = new RampsByTarget<DegradationManager>();

/**
 * Caps in-flight non-critical requests at `maxInFlight` (or the cap in force, if lower);
 * restores the previous cap on revert — at once, or with `restore` in steps (doubling towards
 * an unlimited cap), stopped where it is by a rise (see `recovery-ramp.ts`).
 */
export function limitInFlightAction(
  degradation: DegradationManager,
  maxInFlight: number,
  options: { readonly restore?: RampOptions } = {},
): SyncPressureAction {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new TypeError(`maxInFlight must be a whole number of requests ≥ 1, got ${String(maxInFlight)}`);
  }
  const { restore } = options;
  if (restore !== undefined) new RecoveryRamp(restore); // throws now on bad ramp options
  const previous: number[] = [];
  return {
    name: `limit-in-flight:${maxInFlight}`,
    apply: () => {
      const ramping = inFlightRamps.stop(degradation);
      const before = degradation.setMaxInFlight(Math.min(maxInFlight, degradation.maxInFlight));
      previous.push(ramping ?? before);
    },
    revert: () => {
      const to = previous.pop() ?? Number.POSITIVE_INFINITY;
      inFlightRamps.restore(
        degradation,
        degradation.maxInFlight,
        to,
        (cap) => degradation.setMaxInFlight(Number.isFinite(cap) ? Math.floor(cap) : cap),
        restore,
      );
    },
  };
}

/** Sheds `priorities` (added to those shed already); restores the previous set on revert. */
export function shedPrioritiesAction(degradation: DegradationManager, priorities: readonly RequestPriority[]): SyncPressureAction {
  if (!Array.isArray(priorities) || priorities.some((p) => p !== 'normal' && p !== 'background')) {
    throw new TypeError(`priorities must list normal and/or background (critical is never shed), got ${String(priorities)}`);
  }
  const previous: (readonly RequestPriority[])[] = [];
  return {
    name: `shed:${priorities.join(',')}`,
    apply: () => {
      const before = degradation.shedding;
      previous.push(before);
      degradation.setShedding([...new Set([...before, ...priorities])]);
    },
    revert: () => {
      degradation.setShedding(previous.pop() ?? []);
    },
  };
}

/** What {@link registerSeedActions} wires; every part is optional and its actions are left out when absent. */
export interface SeedActionsOptions {
  /** Caches to shrink (a `CacheRegistry` or a list). */
  readonly caches?: CacheSource;
  /** Share of capacity caches keep per level. @default DEFAULT_CACHE_CAPACITY_FACTORS (0.75 / 0.5 / 0.1) */
  readonly cacheFactors?: Readonly<Record<ElevatedPressureLevel, number>>;
  /** Background tasks whose non-essential ones pause at warning. */
  readonly tasks?: BackgroundTaskRegistry;
  /** Request and feature decisions (in-flight cap at critical, shedding and feature flags at emergency). */
  readonly degradation?: DegradationManager;
  /** In-flight cap at critical. @default DEFAULT_CRITICAL_MAX_IN_FLIGHT (100) */
  readonly maxInFlight?: number;
  /** Feature flag of the non-essential caching turned off at critical (needs `degradation`), and the caches emptied with it. */
  readonly nonEssentialCaching?: { readonly feature: string; readonly caches?: readonly ManagedCache[] };
  /** Seed 003 Level 2 "Send alerts": called on entering critical (or higher) from below. */
  readonly alert?: (transition: PressureTransition) => void | Promise<void>;
  /**
   * Give cache capacity and the in-flight cap back in steps when a level is left
   * (`recovery-ramp.ts`), rather than at once. @default at once
   */
  readonly restore?: RampOptions;
}

/**
 * Registers seed 003's action set on `handler` (see the table above). Returns a function that
 * unregisters all of them (reverting those in force).
 */
export function registerSeedActions(handler: MemoryPressureHandler, options: SeedActionsOptions): () => void {
  const factors = options.cacheFactors ?? DEFAULT_CACHE_CAPACITY_FACTORS;
  const actions: [ElevatedPressureLevel, PressureAction][] = [];
  if (options.caches !== undefined) {
    for (const level of ['warning', 'critical', 'emergency'] as const) {
      actions.push([
        level,
        cacheCapacityAction(options.caches, factors[level], {
          name: `cache-capacity:${level}`,
          ...(options.restore !== undefined ? { restore: options.restore } : {}),
        }),
      ]);
    }
  }
  if (options.tasks !== undefined) actions.push(['warning', pauseBackgroundTasksAction(options.tasks)]);
  const { degradation } = options;
  if (options.nonEssentialCaching !== undefined) {
    if (degradation === undefined) throw new TypeError('nonEssentialCaching needs degradation (the feature flag lives there)');
    actions.push(['critical', disableCachingAction(degradation, options.nonEssentialCaching.feature, options.nonEssentialCaching.caches)]);
  }
  if (degradation !== undefined) {
    actions.push([
      'critical',
      limitInFlightAction(degradation, options.maxInFlight ?? DEFAULT_CRITICAL_MAX_IN_FLIGHT, {
        ...(options.restore !== undefined ? { restore: options.restore } : {}),
      }),
    ]);
    actions.push(['emergency', shedPrioritiesAction(degradation, ['normal', 'background'])]);
    actions.push(['emergency', disableNonEssentialFeaturesAction(degradation)]);
  }
  if (options.alert !== undefined) {
    const alert = options.alert;
    if (typeof alert !== 'function') throw new TypeError('alert must be a function');
    actions.push(['critical', { name: 'alert', apply: (t) => (t.from === t.to ? undefined : alert(t)), revert: () => {} }]);
  }
  const unregister = actions.map(([level, action]) => handler.onLevel(level, action));
  return () => {
    for (let i = unregister.length - 1; i >= 0; i--) unregister[i]!();
  };
}
