/**
 * Runs one preparation step of the base revision (`git`, `npm ci`, `npm run build`) as a
 * child process leading its own process group, tracked for cleanup (npm's install scripts die
 * with it); a non-zero exit is an {@link AgainstError} carrying the
 * tail of what it printed.
 */
import { spawn } from 'node:child_process';
import { trackProcessGroup } from '../services/cleanup.js';
import { AgainstError } from './against-error.js';

const TAIL_CHARS = 2000;

/** Runs `command args…` in `cwd`; resolves with its stdout. */
export function runStep(step: string, command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const windows = process.platform === 'win32';
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: windows, detached: !windows });
    const untrack = child.pid && !windows ? trackProcessGroup(child.pid) : () => {};
    let stdout = '';
    let tail = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      tail = (tail + d.toString()).slice(-TAIL_CHARS);
    });
    child.stderr.on('data', (d: Buffer) => {
      tail = (tail + d.toString()).slice(-TAIL_CHARS);
    });
    child.on('error', (error) => {
      untrack();
      reject(new AgainstError(step, `${command} could not start: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      untrack();
      if (code === 0) resolve(stdout);
      else reject(new AgainstError(step, `${command} ${args.join(' ')} exited with ${code ?? signal}:\n${tail.trim()}`));
    });
  });
}
