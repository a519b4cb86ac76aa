import { UsageError } from '../errors.js';

/**
 * A scenario's `budgets` (or a baseline file) that cannot be used. A usage error (the CLI exits
 * 2); the message reads `<file>: <field path>: <why>`, e.g.
 * `scenarios/suggestions.ts: budgets[0].thresholds.heapDeltaBytes: "<8XB" is not a threshold: …`.
 */
export class BudgetDefinitionError extends UsageError {
  /** The scenario (or baseline) file, when known. */
  readonly file: string | undefined;
  /** Path of the offending field, e.g. `budgets[0].thresholds.heapDeltaBytes`. */
  readonly field: string;
  constructor(field: string, message: string, options?: { file?: string; cause?: unknown }) {
    super(`${options?.file ? `${options.file}: ` : ''}${field}: ${message}`, { cause: options?.cause });
    this.file = options?.file;
    this.field = field;
  }
}
