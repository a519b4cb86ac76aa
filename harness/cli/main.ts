/**
 * The CLI's dispatch: parse once against the option table, answer help, run the command with
 * its typed options, and turn errors into exit codes: 0 success, 1 a run or budget failed
 * (the command's own answer), 2 usage or infrastructure error (bad flags, unknown scenario,
 * malformed budget or results file, a service that would not start).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandIo } from '../commands/command-io.js';
import { HeapgateError, UsageError } from '../errors.js';
import { runCleanups } from '../services/cleanup.js';
import { COMMANDS, type CommandName, type CommandOptions } from './cli-options.js';
import { parseArgs } from './parse-args.js';
import { USAGE, generalHelp, helpText } from './usage.js';

async function dispatch(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.command) {
    case 'help': {
      const topic = COMMANDS.find((c) => c === parsed.topic);
      io.stdout.write(`${topic ? helpText(topic) : generalHelp()}\n`);
      return 0;
    }
    case 'version': {
      const { PACKAGE_ROOT } = await import('../config/apply-project-config.js');
      const pkg = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
      io.stdout.write(`heapgate ${pkg.version}\n`);
      return 0;
    }
    case 'run':
      return (await import('../commands/run-command.js')).runCommand(await configured(parsed), io);
    case 'list':
      return (await import('../commands/list-command.js')).listCommand(await configured(parsed), io);
    case 'gate':
      return (await import('../commands/gate-command.js')).gateCommand(await configured(parsed), io);
    case 'profile':
      return (await import('../commands/profile-command.js')).profileCommand(await configured(parsed), io);
    case 'init':
      return (await import('../commands/init-command.js')).initCommand(parsed.options, io);
    case 'report':
      return (await import('../commands/report-command.js')).reportCommand(parsed.options, io);
    case 'merge':
      return (await import('../commands/merge-command.js')).mergeCommand(parsed.options, io);
  }
}

/** A parsed command's options with the project's config applied (`heapgate.config.*`). */
async function configured<C extends CommandName>(parsed: {
  readonly command: C;
  readonly options: CommandOptions<C>;
  readonly given: ReadonlySet<string>;
}): Promise<CommandOptions<C>> {
  const { applyProjectConfig } = await import('../config/apply-project-config.js');
  return { ...parsed.options, ...(await applyProjectConfig(parsed.command, parsed.options, parsed.given)) };
}

/**
 * Runs the CLI and returns its exit code (never throws). Everything the run started (services,
 * children, temp dirs) is stopped before it returns.
 */
export async function main(argv: readonly string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const command = COMMANDS.find((c) => c === argv[0]) ?? 'help';
      io.stderr.write(`heapgate: ${err.message}\n`);
      if (err.suggestions.length) io.stderr.write(`did you mean: ${err.suggestions.join(', ')}?\n`);
      io.stderr.write(`${USAGE[command as CommandName | 'help']}\n`);
      return 2;
    }
    if (err instanceof HeapgateError) {
      io.stderr.write(`heapgate: ${err.code}: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`heapgate: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 2;
  } finally {
    await runCleanups();
  }
}
