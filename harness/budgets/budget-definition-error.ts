import { definitionLocation, UsageError } from '../errors.js';

/**
 * A scenario's `budgets` that cannot be used: an unknown variant or metric, a threshold
 * expression that does not parse, an unknown growth class. Thrown when scenarios load (and by
 * budget evaluation). A {@link UsageError} (code `HEAPGATE_USAGE`; the CLI exits 2); the
 * message reads `<file>: scenario "<name>": <field path>: <why>`, e.g.
 * `scenarios/suggestions.ts: scenario "suggestions": budgets[0].thresholds.heapDeltaBytes: "<8XB" …`.
 */
export class BudgetDefinitionError extends UsageError {
  /** The scenario (or baseline) file, when known. */
  readonly file: string | undefined;
  /** Path of the offending field, e.g. `budgets[0].thresholds.heapDeltaBytes`. */
  readonly field: string;
  /** The scenario whose budgets these are, when known. */
  readonly scenario: string | undefined;
  constructor(field: string, message: string, options?: { file?: string; scenario?: string; cause?: unknown }) {
    super(`${definitionLocation(options)}${field}: ${message}`, { cause: options?.cause });
    this.scenario = options?.scenario;
    this.file = options?.file;
    this.field = field;
  }
}
