/**
 * The CLI's options, in one typed table: each option's value type, how its text is parsed,
 * its default, the commands that take it and its help. The parser, `--help`, the usage lines
 * and the README's "Command line" block are generated from it, and commands receive the
 * resolved values typed (see {@link CommandOptions}), so none of them can drift apart.
 *
 * Modelled on vitest's `cli-config.ts`: {@link CliOptionValues} states every value's type, and
 * the table must give each option a spec of the matching kind.
 */
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';
import type { LoadTool } from '../load/run-load.js';
import { formatDuration } from '../reporters/format-units.js';
import { parseDuration } from './parse-duration.js';
import type { LiveHeapMethod } from '../results/results-document.js';
import { parseThreshold, type Threshold } from '../budgets/threshold.js';
import { iterationsProblem } from '../growth/fit-leak.js';
import type { RecordsSelection, VariantSelection } from '../runner/plan.js';
import { PROFILE_KINDS, type ProfileKind } from '../profile/profile-kind.js';
import { parseShard, type Shard } from '../runner/shard-plan.js';

/** Sub-commands of `heapgate` (besides `help`). */
export type CommandName = 'run' | 'list' | 'gate' | 'report' | 'merge' | 'profile' | 'init';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandName[] = Object.freeze(['run', 'list', 'gate', 'report', 'merge', 'profile', 'init']);

/**
 * The resolved value of every option, by option name; the flag is the name in kebab-case
 * (`maxHeap` → `--max-heap`). Options a command does not take are absent from its options.
 */
export interface CliOptionValues {
  /** Record counts to run. @default 'default' (the scenario's `defaultRecords`) */
  readonly records: RecordsSelection;
  /** Variants to run. @default 'all' */
  readonly variant: VariantSelection;
  /** Measured repeats per variant. @default DEFAULTS.runRepeat (1) for run, DEFAULTS.gateRepeat (3) for gate */
  readonly repeat: number;
  /** Each child's `--max-old-space-size`, in MB. @default undefined (V8's own limit) */
  readonly maxHeap: number | undefined;
  /**
   * Per-run timeout, in milliseconds (given as a duration: `90s`, `2m`); overrides the variant's
   * and the scenario's `timeoutMs`. @default undefined (`timeoutMs` of the variant, else of the
   * scenario, else DEFAULTS.runTimeoutMs: 10 min)
   */
  readonly timeout: number | undefined;
  /** Heap limit to project each variant's capacity against, in bytes. @default undefined (`--max-heap` × 1 MiB when that is set, else no projection) */
  readonly capacity: number | undefined;
  /** Calls of `run` per child, fitted for bytes per iteration. @default undefined (each variant's `iterations`, else its scenario's, else 1) */
  readonly iterations: number | undefined;
  /** Bisect each variant's heap floor after its measured runs. @default false */
  readonly heapFloor: boolean;
  /** Write a heap snapshot after every measured run. @default false */
  readonly snapshot: boolean;
  /** How live heap is measured: `exact` adds a live pass per (variant, records). @default DEFAULTS.liveHeap ('exact') */
  readonly liveHeap: LiveHeapMethod;
  /** What drives the load of load scenarios (`runLoad`). @default 'autocannon' */
  readonly load: LoadTool;
  /** Output directory. @default undefined (`reports/<timestamp>-<scenarios>`; for report, beside the head file) */
  readonly out: string | undefined;
  /** Only the results document on stdout. @default false */
  readonly json: boolean;
  /** Scenario files or directories to load, in order given. @default the config's `scenarios`, else `./heapgate` when it exists */
  readonly scenarios: readonly string[];
  /** Also load heapgate's built-in reference scenarios. @default false in a project, true in heapgate's own repository */
  readonly builtins: boolean;
  /** Node/V8 flags for every measured child, in order given, after the config's `nodeOptions`. @default [] */
  readonly nodeOption: readonly string[];
  /** Gate suite. @default DEFAULTS.suite ('ci') */
  readonly suite: string;
  /** Baseline file. @default undefined (`reports/baselines/<suite>.json`) */
  readonly baseline: string | undefined;
  /** Write this run's medians as the suite's baseline. @default false */
  readonly updateBaseline: boolean;
  /**
   * Fail on wall time (`durationMs`) against the baseline too; without it a wall-time
   * regression is a warning and time is judged on CPU time (`cpuMs`). @default false
   */
  readonly strictDurations: boolean;
  /** Run only part `index` of `count` of the plan (`runner/shard-plan.ts`). @default undefined (the whole plan) */
  readonly shard: Shard | undefined;
  /** `gate`: judge this results document instead of running the suite. @default undefined (run the suite) */
  readonly results: string | undefined;
  /**
   * A git revision to measure beside this tree in the same invocation, interleaved, and judge
   * against with Welch's t-test (`harness/against/`). @default undefined (no paired comparison)
   */
  readonly against: string | undefined;
  /** The profiler `heapgate profile` runs the measured phase under (required there). @default undefined */
  readonly with: ProfileKind | undefined;
  /** HTML report title. @default undefined (from the results) */
  readonly title: string | undefined;
  /** Forward child output to stderr. @default false */
  readonly verbose: boolean;
  /** Discard the embedded PostgreSQL's cached cluster (and what it holds seeded) and seed again. @default false */
  readonly fresh: boolean;
  /** Print the command's help instead of running it. @default false */
  readonly help: boolean;
}

/** What every option spec says. */
interface OptionSpecBase {
  /** One line for `--help`. */
  readonly description: string;
  /** The commands that accept the option. */
  readonly commands: readonly CommandName[];
}

/** A switch: `--name` sets it, it takes no value; giving it twice is harmless. Defaults to false. */
export interface SwitchSpec extends OptionSpecBase {
  readonly kind: 'switch';
}

/** An option with one value (`--name V` or `--name=V`); giving it twice is a usage error. */
export interface ValueSpec<Value> extends OptionSpecBase {
  readonly kind: 'value';
  /** Placeholder in usage and help, e.g. `N[,N…]|sweep`. */
  readonly argument: string;
  /** Turns the text into the value. @throws UsageError naming `--${flag}` */
  readonly parse: (text: string, flag: string) => Value;
  readonly default: Value;
  /** Commands whose default differs from {@link ValueSpec.default}. */
  readonly defaultFor?: Partial<Record<CommandName, Value>>;
}

/** An option that may be given any number of times; its values are collected in order. Defaults to []. */
export interface ListSpec<Item> extends OptionSpecBase {
  readonly kind: 'list';
  readonly argument: string;
  readonly parse: (text: string, flag: string) => Item;
}

/** The spec kind a value type calls for: booleans are switches, arrays lists, the rest values. */
export type OptionSpec<Value> = [Value] extends [boolean]
  ? SwitchSpec
  : [Value] extends [readonly (infer Item)[]]
    ? ListSpec<Item>
    : ValueSpec<Value>;

/** A spec for every option of {@link CliOptionValues}, none missing. */
export type CliOptionsTable = { readonly [K in keyof CliOptionValues]-?: OptionSpec<CliOptionValues[K]> };

/**
 * `"100_000"`-style positive integers (underscores allowed, no commas, no sign).
 * @throws UsageError `--<flag> must be a positive integer, got "<text>"`
 */
export function parsePositiveInt(text: string, flag: string): number {
  const cleaned = text.replace(/_/g, '');
  if (!/^\d+$/.test(cleaned) || Number(cleaned) <= 0 || !Number.isSafeInteger(Number(cleaned))) {
    throw new UsageError(`--${flag} must be a positive integer, got "${text}"`);
  }
  return Number(cleaned);
}

/**
 * A size in the byte units of budget thresholds (`512MB`, `1.5GB`, `64MiB`; binary), in bytes.
 * @throws UsageError naming `--<flag>` for anything else, a bare number included (MB or bytes?)
 */
export function parseByteSize(text: string, flag: string): number {
  let threshold: Threshold | undefined;
  try {
    threshold = /^\s*[<>]/.test(text) ? undefined : parseThreshold(`<${text}`);
  } catch {
    threshold = undefined;
  }
  if (threshold === undefined || threshold.unitKind !== 'bytes' || !(threshold.value > 0)) {
    throw new UsageError(`--${flag} must be a size with a byte unit (B, KB, MB, GB; binary), e.g. 512MB, got "${text}"`);
  }
  return threshold.value;
}

/** `--iterations`: 1, or enough iterations to fit a line after the warm-up (see `iterationsProblem`). */
export function parseIterations(text: string, flag: string): number {
  const n = parsePositiveInt(text, flag);
  const problem = iterationsProblem(n);
  if (problem) throw new UsageError(`--${flag} ${problem}, got ${n}`);
  return n;
}

/** `--records`: `sweep`, `default`, or a comma list of positive integers (duplicates dropped). */
export function parseRecords(text: string, flag: string): RecordsSelection {
  if (text === 'default' || text === 'sweep') return text;
  return [...new Set(text.split(',').map((part) => parsePositiveInt(part.trim(), flag)))];
}

/** `--variant`: `all` or a comma list of names. */
export function parseVariants(text: string, flag: string): VariantSelection {
  if (text === 'all') return 'all';
  const names = text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError(`--${flag} needs a name, a comma list, or "all"`);
  return names;
}

const text = (value: string): string => value;

/** `--live-heap`: `exact` or `observed`. */
/** `--load`: `autocannon` or `k6`. */
export function parseLoadTool(value: string, flag: string): LoadTool {
  if (value === 'autocannon' || value === 'k6') return value;
  throw new UsageError(`--${flag} must be "autocannon" or "k6", got "${value}"`);
}

export function parseLiveHeap(value: string, flag: string): LiveHeapMethod {
  if (value === 'exact' || value === 'observed') return value;
  throw new UsageError(`--${flag} must be "exact" or "observed", got "${value}"`);
}
/** `--node-option`: one flag for the measured child's `node` command line, as Node spells it (`--name` or `--name=value`). */
export function parseNodeFlag(value: string, flag: string): string {
  if (!/^--?[a-z]/i.test(value) || /\s/.test(value)) {
    throw new UsageError(`--${flag} takes one Node flag such as --max-semi-space-size=16 (write it --${flag}=FLAG), got "${value}"`);
  }
  return value;
}

/** `--with`: one of {@link PROFILE_KINDS}. */
export function parseProfileKind(value: string, flag: string): ProfileKind {
  const kind = PROFILE_KINDS.find((k) => k === value);
  if (kind === undefined) {
    const quoted = PROFILE_KINDS.map((k) => `"${k}"`);
    throw new UsageError(`--${flag} must be ${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}, got "${value}"`);
  }
  return kind;
}

const baselines = `${DEFAULTS.reportsDir}/${DEFAULTS.baselinesDir}`;

/** The table. Its order is the order of usage lines and help. */
export const CLI_OPTIONS = {
  records: {
    kind: 'value',
    argument: 'N[,N…]|sweep',
    description: 'record counts to run (default: the scenario\'s own; "sweep" = its scaling sweep)',
    commands: ['run', 'profile'],
    parse: parseRecords,
    default: 'default',
  },
  variant: {
    kind: 'value',
    argument: 'NAME[,NAME…]|all',
    description: 'variants to run (default: all)',
    commands: ['run', 'profile'],
    parse: parseVariants,
    default: 'all',
  },
  repeat: {
    kind: 'value',
    argument: 'K',
    description: `measured repeats per variant; summaries are medians (default: ${DEFAULTS.runRepeat} for run, ${DEFAULTS.gateRepeat} for gate)`,
    commands: ['run', 'gate'],
    parse: parsePositiveInt,
    default: DEFAULTS.runRepeat,
    defaultFor: { gate: DEFAULTS.gateRepeat },
  },
  maxHeap: {
    kind: 'value',
    argument: 'MB',
    description: 'cap each child with --max-old-space-size=MB; exceeding it is reported as oom',
    commands: ['run', 'gate', 'profile'],
    parse: parsePositiveInt,
    default: undefined,
  },
  timeout: {
    kind: 'value',
    argument: 'DURATION',
    description: `kill a run still going after this long (e.g. 90s, 2m), with all it started, as timeout (default: the variant's or scenario's timeoutMs, else ${formatDuration(DEFAULTS.runTimeoutMs)})`,
    commands: ['run', 'gate', 'profile'],
    parse: (value, flag) => parseDuration(value, `--${flag}`),
    default: undefined,
  },
  iterations: {
    kind: 'value',
    argument: 'N',
    description: `call run N times per child, GC and heap reading after each; fits bytes per iteration (default: the scenario's, else ${DEFAULTS.iterations})`,
    commands: ['run'],
    parse: parseIterations,
    default: undefined,
  },
  capacity: {
    kind: 'value',
    argument: 'SIZE',
    description: 'project, over the sweep, the record count each variant would fit under this heap (e.g. 512MB; default: --max-heap)',
    commands: ['run'],
    parse: parseByteSize,
    default: undefined,
  },
  heapFloor: {
    kind: 'switch',
    description: `bisect --max-old-space-size to find the smallest heap each run completes under (±${DEFAULTS.heapFloorToleranceMb} MB)`,
    commands: ['run'],
  },
  snapshot: {
    kind: 'switch',
    description: 'write a heap snapshot after the closing GC of each run, next to the report',
    commands: ['run', 'gate'],
  },
  liveHeap: {
    kind: 'value',
    argument: 'exact|observed',
    description: `live heap: "exact" runs one more child per variant and record count with every GC full; "observed" skips it (default: ${DEFAULTS.liveHeap})`,
    commands: ['run', 'gate'],
    parse: parseLiveHeap,
    default: DEFAULTS.liveHeap,
  },
  load: {
    kind: 'value',
    argument: 'autocannon|k6',
    description: 'what drives the load of load scenarios: autocannon (built in) or a k6 binary on PATH (default: autocannon)',
    commands: ['run', 'gate'],
    parse: parseLoadTool,
    default: 'autocannon',
  },
  out: {
    kind: 'value',
    argument: 'DIR',
    description: `where ${DEFAULTS.resultsFile} and reports go (default: ${DEFAULTS.reportsDir}/<timestamp>)`,
    commands: ['run', 'gate', 'report', 'merge', 'profile'],
    parse: text,
    default: undefined,
  },
  json: {
    kind: 'switch',
    description: 'print only the results document on stdout (progress stays on stderr)',
    commands: ['run', 'list', 'gate', 'merge', 'profile'],
  },
  scenarios: {
    kind: 'list',
    argument: 'PATH',
    description: `load scenario modules (.js, .mjs, .ts …) from this file or directory (default: the config's scenarios, else ./${DEFAULTS.scenarioDir}; gate then checks only these)`,
    commands: ['run', 'list', 'gate', 'profile'],
    parse: text,
  },
  builtins: {
    kind: 'switch',
    description: "also load heapgate's built-in reference scenarios (default in heapgate's own repository only)",
    commands: ['run', 'list', 'gate', 'profile'],
  },
  nodeOption: {
    kind: 'list',
    argument: 'FLAG',
    description:
      'pass a Node/V8 flag to every measured child (repeatable; e.g. --node-option=--max-semi-space-size=16), recorded in the results',
    commands: ['run', 'gate', 'profile'],
    parse: parseNodeFlag,
  },
  suite: {
    kind: 'value',
    argument: 'NAME',
    description: `gate suite: its budgets and ${baselines}/NAME.json (default: ${DEFAULTS.suite})`,
    commands: ['gate'],
    parse: text,
    default: DEFAULTS.suite,
  },
  baseline: {
    kind: 'value',
    argument: 'FILE',
    description: `baseline file (default: ${baselines}/<suite>.json)`,
    commands: ['gate'],
    parse: text,
    default: undefined,
  },
  with: {
    kind: 'value',
    argument: PROFILE_KINDS.join('|'),
    description:
      "profile the measured run with V8's sampling heap profiler (heap, a .heapprofile) or CPU profiler (cpu, a .cpuprofile), or the whole child under clinic doctor or flame (doctor, flame: an .html page; needs @clinic/doctor or @clinic/flame), written beside the report",
    commands: ['profile'],
    parse: parseProfileKind,
    default: undefined,
  },
  updateBaseline: { kind: 'switch', description: "write this run's medians as the suite's new baseline", commands: ['gate'] },
  strictDurations: {
    kind: 'switch',
    description: 'fail on wall-time (duration) regressions against the baseline too (default: a warning; CPU time is judged)',
    commands: ['gate'],
  },
  shard: {
    kind: 'value',
    argument: 'I/N',
    description: "run only part I of N of the plan (a scenario's record counts stay on one part); combine the parts with heapgate merge",
    commands: ['run', 'gate'],
    parse: parseShard,
    default: undefined,
  },
  results: {
    kind: 'value',
    argument: 'FILE',
    description: 'judge this results.json (e.g. from heapgate merge) against the budgets and baseline instead of running the suite',
    commands: ['gate'],
    parse: text,
    default: undefined,
  },
  against: {
    kind: 'value',
    argument: 'REF',
    description:
      "also measure git revision REF (built in a temporary worktree, install and build cached), interleaved, and fail what it regressed (Welch's t-test, 20 %); replaces the committed baseline",
    commands: ['run', 'gate'],
    parse: (value, flag) => {
      if (value.trim() === '' || value.startsWith('-'))
        throw new UsageError(`--${flag} needs a git revision (a branch, tag or commit), got "${value}"`);
      return value;
    },
    default: undefined,
  },
  title: {
    kind: 'value',
    argument: 'TEXT',
    description: 'title of the HTML report (default: from the results)',
    commands: ['report'],
    parse: text,
    default: undefined,
  },
  verbose: { kind: 'switch', description: 'forward child process output to stderr', commands: ['run', 'gate', 'profile'] },
  fresh: {
    kind: 'switch',
    description: "discard the embedded PostgreSQL's cached data (what earlier runs seeded) and seed again",
    commands: ['run', 'gate'],
  },
  help: { kind: 'switch', description: 'show help', commands: ['run', 'list', 'gate', 'report', 'merge', 'profile', 'init'] },
} as const satisfies CliOptionsTable;

/** An option's name in the table. */
export type OptionName = keyof typeof CLI_OPTIONS;

/** `maxHeap` → `max-heap`: the flag an option is spelled with. */
export function flagName(option: OptionName): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * What a command takes besides options: its usage tokens and how the positional arguments
 * become typed fields. A command without positionals ignores stray words, as it always has.
 */
export const POSITIONALS = {
  run: { usage: ['<scenario|all>', '[more scenarios]'], parse: (values: readonly string[]) => ({ names: values }) },
  list: { usage: [], parse: (_values: readonly string[]) => ({}) },
  gate: { usage: [], parse: (_values: readonly string[]) => ({}) },
  report: {
    usage: ['<results.json>', '[<base results.json>]'],
    parse: (values: readonly string[]): { readonly head: string; readonly base?: string } => {
      if (values.length === 0) throw new UsageError('missing <results.json>');
      if (values.length > 2) throw new UsageError(`expected at most two results files, got ${values.length}`);
      return values[1] === undefined ? { head: values[0]! } : { head: values[0]!, base: values[1] };
    },
  },
  merge: {
    usage: ['<results.json>…'],
    parse: (values: readonly string[]): { readonly files: readonly string[] } => {
      if (values.length === 0) throw new UsageError("missing <results.json>: name every shard's results file");
      return { files: values };
    },
  },
  profile: {
    usage: ['<scenario>'],
    parse: (values: readonly string[]): { readonly name: string } => {
      if (values.length === 0) throw new UsageError('name the scenario to profile');
      if (values.length > 1) throw new UsageError(`profile takes one scenario, got ${values.length}`);
      return { name: values[0]! };
    },
  },
  init: { usage: [], parse: (_values: readonly string[]) => ({}) },
} as const satisfies Record<CommandName, { readonly usage: readonly string[]; readonly parse: (values: readonly string[]) => object }>;

/** The options `command` takes, resolved (help excluded: the CLI answers it before any command runs). */
export type OptionsOf<C extends CommandName> = {
  readonly [K in OptionName as K extends 'help'
    ? never
    : C extends (typeof CLI_OPTIONS)[K]['commands'][number]
      ? K
      : never]: CliOptionValues[K];
};

/** Everything a command receives: its resolved options and its typed positionals. */
export type CommandOptions<C extends CommandName> = OptionsOf<C> & ReturnType<(typeof POSITIONALS)[C]['parse']>;

/** `heapgate run` options: `names` are the scenarios named (or `all`). */
export type RunOptions = CommandOptions<'run'>;
/** `heapgate list` options. */
export type ListOptions = CommandOptions<'list'>;
/** `heapgate gate` options. */
export type GateOptions = CommandOptions<'gate'>;
/** `heapgate profile` options: `name` is the scenario profiled. */
export type ProfileOptions = CommandOptions<'profile'>;
/** `heapgate init` options (none besides --help). */
export type InitOptions = CommandOptions<'init'>;
/** `heapgate report` options: `head` and optional `base` results files. */
export type ReportOptions = CommandOptions<'report'>;
/** `heapgate merge` options: `files`, the shards' results files. */
export type MergeOptions = CommandOptions<'merge'>;
