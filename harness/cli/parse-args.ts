/**
 * The one parser of heapgate's command line: argv against {@link CLI_OPTIONS}, into the typed
 * options of the command named. Every command, `report` included, is parsed here and only here.
 */
import { UsageError } from '../errors.js';
import {
  CLI_OPTIONS,
  COMMANDS,
  POSITIONALS,
  flagName,
  type CliOptionValues,
  type CommandName,
  type CommandOptions,
  type OptionName,
  type OptionsOf,
} from './cli-options.js';
import { nearest } from './nearest.js';

/** A parsed command line: a command with its options, or a request for help. */
export type ParsedCommand =
  | { readonly command: 'help' /** The command asked about (`heapgate help run`, `heapgate run --help`). */; readonly topic?: string }
  | { readonly command: 'version' }
  | {
      readonly [C in CommandName]: {
        readonly command: C;
        readonly options: CommandOptions<C>;
        /** The options the command line gave (the rest are defaults, which a project's config may replace). */
        readonly given: ReadonlySet<OptionName>;
      };
    }[CommandName];

const OPTION_NAMES = Object.keys(CLI_OPTIONS) as OptionName[];
const BY_FLAG = new Map(OPTION_NAMES.map((name) => [flagName(name), name]));

/**
 * Parses `argv` (without node and script). Options: `--name value` or `--name=value`; a
 * switch takes no value; a single-valued option given twice is refused (the second would
 * silently win); `--` ends the options. Defaults are applied from the table.
 *
 * @throws UsageError on an unknown command or option (with the nearest names), a missing or
 *   malformed value, or positionals the command cannot take.
 */
export function parseArgs(argv: readonly string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(`name a command: ${COMMANDS.join(', ')}`);
  if (first === '--help' || first === '-h') return { command: 'help' };
  if (first === '--version' || first === '-v') return { command: 'version' };
  if (first === 'help') return rest[0] === undefined ? { command: 'help' } : { command: 'help', topic: rest[0] };
  if (!COMMANDS.includes(first as CommandName)) {
    throw new UsageError(`unknown command "${first}"`, { suggestions: nearest(first, [...COMMANDS, 'help']) });
  }
  const command = first as CommandName;
  const positionals: string[] = [];
  const given = new Map<OptionName, unknown>();
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
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const name = BY_FLAG.get(flag);
    const spec = name === undefined ? undefined : CLI_OPTIONS[name];
    if (name === undefined || spec === undefined || !(spec.commands as readonly CommandName[]).includes(command)) {
      const valid = OPTION_NAMES.filter((n) => (CLI_OPTIONS[n].commands as readonly CommandName[]).includes(command)).map(
        (n) => `--${flagName(n)}`,
      );
      throw new UsageError(`unknown option --${flag} for "${command}"`, { suggestions: nearest(`--${flag}`, valid) });
    }
    if (spec.kind === 'switch') {
      if (eq !== -1) throw new UsageError(`--${flag} takes no value`);
      given.set(name, true);
      continue;
    }
    if (spec.kind === 'value' && given.has(name)) {
      throw new UsageError(
        `--${flag} given twice${spec.argument.includes(',') ? ` (use one comma list: --${flag} ${spec.argument})` : ''}`,
      );
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(`--${flag} needs a value (${spec.argument})`);
    }
    const parsed: unknown = spec.parse(value, flag);
    given.set(name, spec.kind === 'list' ? [...((given.get(name) as unknown[] | undefined) ?? []), parsed] : parsed);
  }
  if (given.get('help') === true) return { command: 'help', topic: command };
  const options: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) {
    const spec = CLI_OPTIONS[name];
    if (name === 'help' || !(spec.commands as readonly CommandName[]).includes(command)) continue;
    options[name] = given.has(name) ? given.get(name) : defaultOf(name, command);
  }
  Object.assign(options, POSITIONALS[command].parse(positionals));
  // The table fixes each option's value type and the commands that take it (see CliOptionsTable).
  return { command, options: Object.freeze(options), given: new Set(given.keys()) } as unknown as ParsedCommand;
}

/** The value an option has when it is not given, for `command`. */
function defaultOf<K extends OptionName>(name: K, command: CommandName): CliOptionValues[K] {
  const spec = CLI_OPTIONS[name] as (typeof CLI_OPTIONS)[OptionName];
  switch (spec.kind) {
    case 'switch':
      return false as CliOptionValues[K];
    case 'list':
      return [] as unknown as CliOptionValues[K];
    default: {
      const overrides = 'defaultFor' in spec ? (spec.defaultFor as Partial<Record<CommandName, unknown>>) : undefined;
      return (overrides?.[command] ?? spec.default) as CliOptionValues[K];
    }
  }
}

/**
 * The options of `command` from values given in code (the programmatic `run` and `gate`), with
 * the table's defaults for the rest: the same options the command line resolves to. A string
 * given for a value option is parsed as its flag's text would be (`timeout: '90s'`).
 *
 * @throws UsageError for an option the command does not take, or text its flag would refuse.
 */
export function resolveOptions<C extends CommandName>(command: C, given: Readonly<Record<string, unknown>>): OptionsOf<C> {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const spec = (CLI_OPTIONS as Record<string, (typeof CLI_OPTIONS)[OptionName]>)[name];
    if (spec === undefined || name === 'help' || !(spec.commands as readonly CommandName[]).includes(command)) {
      const valid = OPTION_NAMES.filter((n) => n !== 'help' && (CLI_OPTIONS[n].commands as readonly CommandName[]).includes(command));
      throw new UsageError(`unknown option "${name}" for ${command}()`, { suggestions: nearest(name, valid) });
    }
    if (value === undefined) continue;
    options[name] = spec.kind === 'value' && typeof value === 'string' ? spec.parse(value, flagName(name as OptionName)) : value;
  }
  for (const name of OPTION_NAMES) {
    if (name === 'help' || !(CLI_OPTIONS[name].commands as readonly CommandName[]).includes(command) || name in options) continue;
    options[name] = defaultOf(name, command);
  }
  return Object.freeze(options) as OptionsOf<C>;
}
