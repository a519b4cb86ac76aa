export {
  DEFAULT_TOLERANCES,
  baselineKey,
  baselinePath,
  resolveTolerances,
  type BaselineEntry,
  type BaselineEnvironment,
  type BaselineFile,
  type Tolerances,
} from './baseline-file.js';
export {
  DEFAULT_NOISE_FLOORS,
  compareToBaseline,
  type BaselineChange,
  type BaselineComparison,
  type BaselineRow,
  type CompareToBaselineOptions,
  type NoiseFloors,
} from './compare-to-baseline.js';
export { loadBaseline, parseBaseline } from './load-baseline.js';
export { updateBaseline, writeBaseline, type UpdateBaselineOptions } from './update-baseline.js';
