#!/usr/bin/env node
/**
 * `npm run bench [-- <suite> …]`: finds every `*.bench.js` module in the build, starts the
 * services they need (once), runs each suite and prints its table and checks.
 * Exit 0 when every check passes, 1 when one fails, 2 on usage or infrastructure errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HeapgateError } from '../errors.js';
import { runCleanups } from '../services/cleanup.js';
import { startServices } from '../services/start-services.js';
import type { BenchSuite, BenchSuiteResult } from './bench-suite.js';
import { formatBenchResult } from './format-bench.js';

const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function findBenchFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findBenchFiles(p));
    else if (entry.name.endsWith('.bench.js')) out.push(p);
  }
  return out;
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const files = ['reference-impl', 'scenarios', 'harness']
    .map((d) => path.join(distRoot, d))
    .filter((d) => fs.existsSync(d))
    .flatMap(findBenchFiles)
    .sort();
  const suites: BenchSuite[] = [];
  for (const f of files) suites.push((await import(pathToFileURL(f).href)).default as BenchSuite);
  const selected = wanted.length ? suites.filter((s) => wanted.includes(s.name)) : suites;
  if (selected.length === 0) {
    process.stderr.write(`usage: npm run bench [-- <suite> …]\nsuites: ${suites.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const services = await startServices(selected.flatMap((s) => s.services), log);
  let failed = false;
  try {
    for (const suite of selected) {
      log(`bench: ${suite.name}…`);
      const result: BenchSuiteResult = await suite.run({ services: services.endpoints, log });
      process.stdout.write(formatBenchResult(suite.name, result) + '\n');
      if (result.checks.some((c) => !c.pass)) failed = true;
    }
  } finally {
    await services.stop();
  }
  return failed ? 1 : 0;
}

main().then(
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
