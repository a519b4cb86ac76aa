/**
 * Usage lines, `--help` text and the README's "Command line" block, generated from
 * {@link CLI_OPTIONS}: they list exactly the options that parse, for each command.
 */
import { CLI_OPTIONS, COMMANDS, POSITIONALS, flagName, type CommandName, type OptionName } from './cli-options.js';

const OPTION_NAMES = Object.keys(CLI_OPTIONS) as OptionName[];

/** The options a command's usage and help list (every one it takes but `--help`), in table order. */
function listedOptions(command: CommandName): OptionName[] {
  return OPTION_NAMES.filter((n) => n !== 'help' && (CLI_OPTIONS[n].commands as readonly CommandName[]).includes(command));
}

/** `--records N[,N…]|sweep`, `--json`. */
function optionText(name: OptionName): string {
  const spec = CLI_OPTIONS[name];
  return `--${flagName(name)}${spec.kind === 'switch' ? '' : ` ${spec.argument}`}`;
}

/** `heapgate <command>`, its positionals and one `[--option …]` token per option. */
function usageTokens(command: CommandName): string[] {
  return [`heapgate ${command}`, ...POSITIONALS[command].usage, ...listedOptions(command).map((n) => `[${optionText(n)}]`)];
}

/** One-line usage per command (and `help`), generated from the table. */
export const USAGE: Readonly<Record<CommandName | 'help', string>> = Object.freeze({
  ...(Object.fromEntries(COMMANDS.map((c) => [c, `usage: ${usageTokens(c).join(' ')}`])) as Record<CommandName, string>),
  help: `usage: heapgate <${COMMANDS.join('|')}> [options]   (heapgate help <command> for details; heapgate --version)`,
});

/** `--help` of a command: its usage line, then every option with its meaning. */
export function helpText(command: CommandName): string {
  const lines = [USAGE[command], ''];
  for (const name of listedOptions(command)) lines.push(`  ${optionText(name)}`.padEnd(34) + CLI_OPTIONS[name].description);
  return lines.join('\n');
}

/** What `heapgate help` and `heapgate --help` print: the general usage, then each command's. */
export function generalHelp(): string {
  return `${USAGE.help}\n\n${COMMANDS.map((c) => USAGE[c]).join('\n')}`;
}

/** Width the README block wraps at. */
const README_WIDTH = 100;

/**
 * The README's "Command line" code block: each command's usage, wrapped at 100 columns with
 * continuation lines indented under the first option. Regenerate the block from this (a test
 * compares them).
 */
export function readmeUsageBlock(): string {
  const lines: string[] = [];
  for (const command of COMMANDS) {
    const [head, ...tokens] = usageTokens(command);
    const indent = ' '.repeat(head!.length + 1);
    let line = head!;
    for (const token of tokens) {
      if (line.length + 1 + token.length > README_WIDTH && line.trim() !== '') {
        lines.push(line);
        line = indent + token;
      } else line += ` ${token}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
