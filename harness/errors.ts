/**
 * Errors thrown by heapgate. Every error carries a stable `code` (`HEAPGATE_…`) that scripts
 * and tests can match on, plus structured fields; wrapped causes go in `cause`.
 */

/** Stable error codes. Never renamed once released. */
export type HeapgateErrorCode =
  | 'HEAPGATE_USAGE'
  | 'HEAPGATE_SCENARIO_INVALID'
  | 'HEAPGATE_SCENARIO_NOT_FOUND'
  | 'HEAPGATE_SERVICE'
  | 'HEAPGATE_CHILD_RUN'
  | 'HEAPGATE_BUDGET_EXCEEDED'
  | 'HEAPGATE_INTERRUPTED';

/** Base class: a message for humans, a `code` for machines. */
export class HeapgateError extends Error {
  readonly code: HeapgateErrorCode;
  constructor(code: HeapgateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Malformed command line or configuration. The CLI exits 2 and prints a usage line. */
export class UsageError extends HeapgateError {
  /** Close matches for a mistyped name, best first. */
  readonly suggestions: readonly string[];
  constructor(message: string, options?: { suggestions?: readonly string[]; cause?: unknown }) {
    super('HEAPGATE_USAGE', message, options);
    this.suggestions = options?.suggestions ?? [];
  }
}

/**
 * The `<file>: scenario "<name>": ` prefix of definition errors (scenario and budget alike);
 * empty parts are left out.
 */
export function definitionLocation(options?: { readonly file?: string | undefined; readonly scenario?: string | undefined }): string {
  const parts = [options?.file, options?.scenario === undefined ? undefined : `scenario "${options.scenario}"`].filter(Boolean);
  return parts.length ? `${parts.join(': ')}: ` : '';
}

/** A scenario module that does not satisfy the `defineScenario` contract. */
export class ScenarioDefinitionError extends HeapgateError {
  readonly file: string | undefined;
  /** The scenario's name, when it was valid before the error. */
  readonly scenario: string | undefined;
  readonly field: string;
  /** The message without the file and scenario prefix. */
  readonly detail: string;
  constructor(field: string, message: string, options?: { file?: string; scenario?: string; cause?: unknown }) {
    super('HEAPGATE_SCENARIO_INVALID', `${definitionLocation(options)}${field}: ${message}`, options);
    this.field = field;
    this.file = options?.file;
    this.scenario = options?.scenario;
    this.detail = message;
  }

  /** The same error, naming `file` (for errors thrown by `defineScenario` while a module loads). */
  inFile(file: string): ScenarioDefinitionError {
    if (this.file !== undefined) return this;
    return new ScenarioDefinitionError(this.field, this.detail, { file, scenario: this.scenario, cause: this.cause });
  }
}

/** A service (PostgreSQL, Redis, S3) could not be provided. The message names the ways to provide it. */
export class ServiceError extends HeapgateError {
  readonly service: string;
  constructor(service: string, message: string, options?: { cause?: unknown }) {
    super('HEAPGATE_SERVICE', `${service}: ${message}`, options);
    this.service = service;
  }
}

/** A measured child process that did not report a result. */
export class ChildRunError extends HeapgateError {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
  constructor(message: string, fields: { exitCode: number | null; signal: NodeJS.Signals | null; stderrTail: string }) {
    super('HEAPGATE_CHILD_RUN', message);
    this.exitCode = fields.exitCode;
    this.signal = fields.signal;
    this.stderrTail = fields.stderrTail;
  }
}

/** A measured metric above its declared budget. */
export class BudgetExceededError extends HeapgateError {
  readonly scenario: string;
  readonly metric: string;
  readonly limit: number;
  readonly actual: number;
  constructor(fields: { scenario: string; metric: string; limit: number; actual: number }) {
    super('HEAPGATE_BUDGET_EXCEEDED', `${fields.scenario}: ${fields.metric} ${fields.actual} exceeds budget ${fields.limit}`);
    this.scenario = fields.scenario;
    this.metric = fields.metric;
    this.limit = fields.limit;
    this.actual = fields.actual;
  }
}
