/**
 * The CLI's flags, in one typed table: parsing, `--help` and the README's reference all come
 * from it, so they cannot drift apart.
 */
import { UsageError } from '../errors.js';
import { nearest } from './nearest.js';
import { DEFAULTS } from '../config/defaults.js';

/** Sub-commands of `heapgate`. */
export type CommandName = 'run' | 'list' | 'gate' | 'report' | 'help';

/** One flag. */
export interface FlagSpec {
  readonly name: string;
  readonly kind: 'boolean' | 'string' | 'int' | 'repeatable';
  /** Placeholder shown in help, e.g. `N[,N…]`. */
  readonly value?: string;
  readonly description: string;
  readonly commands: readonly CommandName[];
}

export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'records',
    kind: 'string',
    value: 'N[,N…]|sweep',
    description: 'record counts to run (default: the scenario\'s own; "sweep" = its scaling sweep)',
    commands: ['run'],
  },
  { name: 'variant', kind: 'string', value: 'NAME[,NAME…]|all', description: 'variants to run (default: all)', commands: ['run'] },
  {
    name: 'repeat',
    kind: 'int',
    value: 'K',
    description: `measured repeats per variant; summaries are medians (default: ${DEFAULTS.runRepeat} for run, ${DEFAULTS.gateRepeat} for gate)`,
    commands: ['run', 'gate'],
  },
  {
    name: 'max-heap',
    kind: 'int',
    value: 'MB',
    description: 'cap each child with --max-old-space-size=MB; exceeding it is reported as oom',
    commands: ['run', 'gate'],
  },
  {
    name: 'heap-floor',
    kind: 'boolean',
    description: `bisect --max-old-space-size to find the smallest heap each run completes under (±${DEFAULTS.heapFloorToleranceMb} MB)`,
    commands: ['run'],
  },
  {
    name: 'snapshot',
    kind: 'boolean',
    description: 'write a heap snapshot after the closing GC of each run, next to the report',
    commands: ['run', 'gate'],
  },
  {
    name: 'out',
    kind: 'string',
    value: 'DIR',
    description: `where ${DEFAULTS.resultsFile} and reports go (default: ${DEFAULTS.reportsDir}/<timestamp>)`,
    commands: ['run', 'gate', 'report'],
  },
  {
    name: 'json',
    kind: 'boolean',
    description: 'print only the results document on stdout (progress stays on stderr)',
    commands: ['run', 'list', 'gate'],
  },
  {
    name: 'scenarios',
    kind: 'repeatable',
    value: 'PATH',
    description: 'also load scenario modules from this file or directory (gate then checks only these, not the built-in ones)',
    commands: ['run', 'list', 'gate'],
  },
  {
    name: 'suite',
    kind: 'string',
    value: 'NAME',
    description: `gate suite: its budgets and ${DEFAULTS.reportsDir}/${DEFAULTS.baselinesDir}/NAME.json (default: ${DEFAULTS.suite})`,
    commands: ['gate'],
  },
  {
    name: 'baseline',
    kind: 'string',
    value: 'FILE',
    description: `baseline file (default: ${DEFAULTS.reportsDir}/${DEFAULTS.baselinesDir}/<suite>.json)`,
    commands: ['gate'],
  },
  { name: 'update-baseline', kind: 'boolean', description: "write this run's medians as the suite's new baseline", commands: ['gate'] },
  {
    name: 'title',
    kind: 'string',
    value: 'TEXT',
    description: 'title of the HTML report (default: from the results)',
    commands: ['report'],
  },
  { name: 'verbose', kind: 'boolean', description: 'forward child process output to stderr', commands: ['run', 'gate'] },
  { name: 'help', kind: 'boolean', description: 'show help', commands: ['run', 'list', 'gate', 'report', 'help'] },
];

/** Parsed command line. */
export interface ParsedArgs {
  readonly command: CommandName;
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

const COMMANDS: readonly CommandName[] = ['run', 'list', 'gate', 'report', 'help'];

/** What each command takes besides flags, for its usage line. */
const POSITIONALS: Readonly<Record<Exclude<CommandName, 'help'>, string>> = {
  run: '<scenario|all> [more scenarios]',
  list: '',
  gate: '',
  report: '<results.json> [<base results.json>]',
};

function usageLine(command: CommandName): string {
  if (command === 'help') return 'usage: heapgate <run|list|gate|report> [options]   (heapgate help <command> for details)';
  const flags = FLAGS.filter((f) => f.commands.includes(command) && f.name !== 'help').map(
    (f) => `[--${f.name}${f.value ? ` ${f.value}` : ''}]`,
  );
  return ['usage: heapgate', command, POSITIONALS[command], ...flags].filter(Boolean).join(' ');
}

/** One-line usage per command, generated from {@link FLAGS} so it lists exactly what parses. */
export const USAGE: Readonly<Record<CommandName, string>> = Object.freeze(
  Object.fromEntries((['run', 'list', 'gate', 'report', 'help'] as const).map((c) => [c, usageLine(c)])) as Record<CommandName, string>,
);

/** Parses `argv` (without node and script). Throws {@link UsageError} on anything malformed. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('name a command: run, list, gate or report');
  if (first === '--help' || first === '-h') return { command: 'help', positionals: [], flags: {} };
  if (!COMMANDS.includes(first as CommandName)) {
    throw new UsageError(`unknown command "${first}"`, { suggestions: nearest(first, COMMANDS) });
  }
  const command = first as CommandName;
  const positionals: string[] = [];
  const flags: Record<string, string | number | boolean | string[]> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}" (options are spelled --name)`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = FLAGS.find((f) => f.name === name);
    if (!spec?.commands.includes(command)) {
      const valid = FLAGS.filter((f) => f.commands.includes(command)).map((f) => `--${f.name}`);
      throw new UsageError(`unknown option --${name} for "${command}"`, { suggestions: nearest(`--${name}`, valid) });
    }
    if (spec.kind !== 'boolean' && spec.kind !== 'repeatable' && name in flags) {
      // The second would silently win; a comma list is how to ask for several.
      throw new UsageError(`--${name} given twice${spec.value?.includes(',') ? ` (use one comma list: --${name} ${spec.value})` : ''}`);
    }
    if (spec.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || (eq === -1 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value (${spec.value ?? 'value'})`);
    if (spec.kind === 'int') flags[name] = parsePositiveInt(name, value);
    else if (spec.kind === 'repeatable') flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return { command, positionals, flags };
}

/** `"100_000"` or `"1,318"`-free integers; throws {@link UsageError} naming the flag. */
export function parsePositiveInt(flag: string, text: string): number {
  const cleaned = text.replace(/_/g, '');
  if (!/^\d+$/.test(cleaned) || Number(cleaned) <= 0 || !Number.isSafeInteger(Number(cleaned))) {
    throw new UsageError(`--${flag} must be a positive integer, got "${text}"`);
  }
  return Number(cleaned);
}

/** Help text for a command, generated from {@link FLAGS}. */
export function helpText(command: CommandName): string {
  const lines = [USAGE[command], ''];
  for (const f of FLAGS.filter((x) => x.commands.includes(command) && x.name !== 'help')) {
    lines.push(`  --${f.name}${f.value ? ` ${f.value}` : ''}`.padEnd(34) + f.description);
  }
  return lines.join('\n');
}
