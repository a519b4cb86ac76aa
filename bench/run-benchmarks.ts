#!/usr/bin/env node
/**
 * `npm run bench [-- <suite> …]`: finds every compiled `*.bench.js` module under `dist/bench/`
 * and runs each suite in its own process, with the services it needs, printing its table and
 * checks.
 *
 * One process per suite because suites skew each other otherwise: a module loaded by one
 * (ioredis subclasses String,
 * https://github.com/redis/ioredis/blob/main/lib/resp/verbatim-string.ts) made `charCodeAt`
 * call sites in another ~6× slower.
 * Exit 0 when every check passes, 1 when one fails, 2 on usage or infrastructure errors.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HeapgateError } from '../harness/errors.js';
import { runCleanups, trackPid } from '../harness/services/cleanup.js';
import { startServices } from '../harness/services/start-services.js';
import type { BenchSuite } from './bench-suite.js';
import { formatBenchResult } from './format-bench.js';

const SELF = fileURLToPath(import.meta.url);
/** `dist/bench/`: suites live beside this runner (`bench/*.bench.ts`), nowhere else. */
const BENCH_DIR = path.dirname(SELF);
const USAGE = 'usage: npm run bench [-- <suite> …]';
/** Child exit code meaning "this file's suite was not selected". */
const NOT_SELECTED = 3;

function findBenchFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findBenchFiles(p));
    else if (entry.name.endsWith('.bench.js')) out.push(p);
  }
  return out;
}

/** Child mode: run the one suite in `file` if its name is wanted. */
async function runSuiteFile(file: string, wanted: readonly string[]): Promise<number> {
  const suite = (await import(pathToFileURL(file).href)).default as BenchSuite;
  if (wanted.length && !wanted.includes(suite.name)) {
    process.stdout.write(suite.name);
    return NOT_SELECTED;
  }
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const services = await startServices(suite.services, log);
  try {
    log(`bench: ${suite.name}…`);
    const result = await suite.run({ services: services.endpoints, log });
    process.stdout.write(`${formatBenchResult(suite.name, result)}\n`);
    return result.checks.every((c) => c.pass) ? 0 : 1;
  } finally {
    await services.stop();
  }
}

function runChild(file: string, wanted: readonly string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SELF, '--file', file, ...wanted], { stdio: ['ignore', 'pipe', 'inherit'] });
    const untrack = child.pid ? trackPid(child.pid) : () => {};
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => {
      untrack();
      resolve({ code: code ?? 2, stdout });
    });
  });
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--file') return runSuiteFile(argv[1]!, argv.slice(2));
  const flag = argv.find((a) => a.startsWith('-'));
  if (flag !== undefined) {
    process.stderr.write(`heapgate bench: unknown option ${flag}\n${USAGE}\n`);
    return 2;
  }
  const wanted = argv;
  const files = findBenchFiles(BENCH_DIR).sort();
  let worst = 0;
  const names: string[] = [];
  let ran = 0;
  for (const file of files) {
    const { code, stdout } = await runChild(file, wanted);
    if (code === NOT_SELECTED) {
      names.push(stdout.trim());
      continue;
    }
    ran++;
    process.stdout.write(stdout);
    worst = Math.max(worst, code);
  }
  if (ran === 0) {
    process.stderr.write(`${USAGE}\nsuites: ${names.join(', ')}\n`);
    return 2;
  }
  return worst;
}

main(process.argv.slice(2)).then(
  async (code) => {
    await runCleanups();
    process.exit(code);
  },
  async (err) => {
    process.stderr.write(`heapgate bench: ${err instanceof HeapgateError ? err.message : (err as Error).stack}\n`);
    await runCleanups();
    process.exit(2);
  },
);
