export {
  DEFAULT_GROWTH_OPTIONS,
  fitGrowth,
  fitSeries,
  resolveGrowthOptions,
  type GrowthClass,
  type GrowthFit,
  type GrowthOptions,
  type GrowthPoint,
  type ResolvedGrowthOptions,
  type SeriesFit,
} from './fit-growth.js';
