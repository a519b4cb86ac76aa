/**
 * Where a run's results go and how the results document is written: `results.json`, indented,
 * with a trailing newline, in `reports/<timestamp>-<scenarios>/` unless `--out` says otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import type { ResultsDocument } from './results-document.js';

/**
 * A fresh output directory: `<cwd>/reports/<ISO timestamp>-<names joined by +>` (unsafe
 * characters replaced by `_`, the label cut at 60 characters).
 */
export function defaultOutDir(names: readonly string[]): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const label = names
    .join('+')
    .replace(/[^a-z0-9+-]/gi, '_')
    .slice(0, 60);
  return path.join(process.cwd(), DEFAULTS.reportsDir, `${stamp}-${label}`);
}

/** Writes `results.json` into `outDir` (created if needed) and returns its path. */
export function writeResults(doc: ResultsDocument, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, DEFAULTS.resultsFile);
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}
