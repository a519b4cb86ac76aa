import { UsageError } from '../errors.js';
import type { ParsedArgs } from '../cli/flags.js';
import type { CommandIo } from './command-io.js';

/** `heapgate gate`: wired to budgets and baselines by the gate work (issue 3). */
export async function gateCommand(_args: ParsedArgs, _io: CommandIo): Promise<number> {
  throw new UsageError('the gate command is not available yet');
}
