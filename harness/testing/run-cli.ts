/**
 * Runs the built CLI (`dist/harness/cli.js`) as a real process, as users and CI do. Tests use
 * it so that argument parsing, exit codes and process cleanup are exercised end to end. Every
 * results document and baseline the CLI reports writing is checked against the shipped JSON
 * Schemas (`validate-schemas.ts`): a document that does not match fails the test that ran it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertMatchesSchema } from './validate-schemas.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'dist/harness/cli.js');
export const FIXTURE_SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/fidelity-scenarios.mjs');

/** What a finished CLI process printed and how it exited. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the CLI; `done` resolves when it exits. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))).then(
    (result) => {
      validateWrittenDocuments(args, result);
      return result;
    },
  );
  return { child, done };
}

/**
 * Checks what a finished CLI process wrote against the shipped schemas: each `results: <file>`
 * and `baseline written: <file>` it printed, and its stdout under `--json` (the results
 * document; `list --json` prints the scenario list instead).
 * @throws Error naming the file and every problem
 */
function validateWrittenDocuments(args: readonly string[], result: CliResult): void {
  const printed = `${result.stdout}\n${result.stderr}`;
  for (const [pattern, kind] of [
    [/^results: +(.+)$/gm, 'results'],
    [/^baseline written: +(.+)$/gm, 'baseline'],
  ] as const) {
    for (const match of printed.matchAll(pattern)) {
      const file = path.resolve(REPO_ROOT, match[1]!.trim());
      if (fs.existsSync(file)) assertMatchesSchema(kind, JSON.parse(fs.readFileSync(file, 'utf8')), file);
    }
  }
  if (args.includes('--json') && ['run', 'gate', 'merge'].includes(args[0] ?? '') && (result.code === 0 || result.code === 1)) {
    assertMatchesSchema('results', JSON.parse(result.stdout), `stdout of heapgate ${args.join(' ')}`);
  }
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}
