/**
 * The memory-pressure levels of seed 003 ("Memory Pressure Handling"): 70 % warning, 85 %
 * critical, 95 % emergency, measured as used heap over V8's heap size limit.
 */

/** A pressure level, lowest first. */
export type PressureLevel = 'normal' | 'warning' | 'critical' | 'emergency';

/** Every level, lowest first; a level's index is its `memory_pressure_level` gauge value (0–3). */
export const PRESSURE_LEVELS: readonly PressureLevel[] = Object.freeze(['normal', 'warning', 'critical', 'emergency']);

/** The three levels above `normal`, each entered at its own threshold. */
export type ElevatedPressureLevel = Exclude<PressureLevel, 'normal'>;

/** Where each elevated level starts, as a ratio of used heap to the heap size limit (0–1). */
export interface PressureThresholds {
  /** @default 0.7 (seed 003 Level 1) */
  readonly warning: number;
  /** @default 0.85 (seed 003 Level 2) */
  readonly critical: number;
  /** @default 0.95 (seed 003 Level 3) */
  readonly emergency: number;
}

/** Seed 003's thresholds. */
export const DEFAULT_PRESSURE_THRESHOLDS: PressureThresholds = Object.freeze({ warning: 0.7, critical: 0.85, emergency: 0.95 });

/** The level's index in {@link PRESSURE_LEVELS}: 0 (normal) to 3 (emergency). */
export function pressureLevelValue(level: PressureLevel): number {
  const index = PRESSURE_LEVELS.indexOf(level);
  if (index < 0) throw new TypeError(`level must be one of ${PRESSURE_LEVELS.join(', ')}, got ${String(level)}`);
  return index;
}

/** The highest level whose threshold `ratio` reaches (thresholds are inclusive). */
export function levelForRatio(ratio: number, thresholds: PressureThresholds): PressureLevel {
  if (ratio >= thresholds.emergency) return 'emergency';
  if (ratio >= thresholds.critical) return 'critical';
  if (ratio >= thresholds.warning) return 'warning';
  return 'normal';
}
