export { BudgetDefinitionError } from './budget-definition-error.js';
export { DEFAULT_GROWTH_BUDGET_METRICS, evaluateBudgets, type EvaluateBudgetsOptions } from './evaluate-budgets.js';
export { evaluateTargets } from './evaluate-targets.js';
export { GATING_VERDICT_KINDS, gateOutcome, isGatingFailure, type GateOutcome } from './gate-outcome.js';
export {
  THRESHOLD_UNITS,
  compareToThreshold,
  parseThreshold,
  type Threshold,
  type ThresholdComparator,
  type ThresholdUnitKind,
} from './threshold.js';
export {
  BUDGET_GROWTH_CLASSES,
  validateBudgets,
  type BudgetScenario,
  type BudgetThreshold,
  type ResolvedBudget,
} from './validate-budgets.js';
