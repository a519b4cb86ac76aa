/** The `heapgate/vitest` entry: budgets as vitest tests. Re-exports only. */
export { budgetTests, describeBudget, type BudgetTestsOptions } from './budget-tests.js';
