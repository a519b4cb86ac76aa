/**
 * A project's `heapgate.config.{js,mjs,ts}`: where its scenarios live and the defaults its runs
 * take (repeats, timeouts, Node flags for the measured child). Found in the working directory;
 * what the command line gives wins over it, and it wins over heapgate's own defaults.
 */

/** What a config file's default export holds. Every field is optional. */
export interface HeapgateConfig {
  /** Scenario files or directories, relative to the config file. @default [DEFAULTS.scenarioDir] ('heapgate') when that directory exists */
  readonly scenarios?: readonly string[];
  /** Also load heapgate's built-in reference scenarios (as `--builtins`). @default false */
  readonly builtins?: boolean;
  /** The suite `heapgate gate` checks when `--suite` is not given. @default DEFAULTS.suite ('ci') */
  readonly suite?: string;
  /** Per-suite settings, by suite name: its measured repeats and its baseline file (relative to the config file). */
  readonly suites?: Readonly<Record<string, { readonly repeat?: number; readonly baseline?: string }>>;
  /** Measured repeats of `heapgate run` (as `--repeat`). @default DEFAULTS.runRepeat (1) */
  readonly repeat?: number;
  /** Measured repeats of `heapgate gate` (as `--repeat`), unless its suite sets its own. @default DEFAULTS.gateRepeat (3) */
  readonly gateRepeat?: number;
  /** Per-run timeout, in milliseconds or as a duration (`'90s'`), as `--timeout`. @default the scenario's, else DEFAULTS.runTimeoutMs */
  readonly timeout?: number | string;
  /** Node/V8 flags for every measured child (as repeated `--node-option`), before those of the command line. @default [] */
  readonly nodeOptions?: readonly string[];
}

/** File names looked for, in this order; the first found is the project's config. */
export const CONFIG_FILE_NAMES: readonly string[] = Object.freeze(['heapgate.config.ts', 'heapgate.config.mjs', 'heapgate.config.js']);

/**
 * Types a config file's default export (an identity function, as vitest's `defineConfig`):
 * `export default defineConfig({ scenarios: ['./heapgate'], nodeOptions: ['--max-semi-space-size=16'] })`.
 */
export function defineConfig(config: HeapgateConfig): HeapgateConfig {
  return config;
}
