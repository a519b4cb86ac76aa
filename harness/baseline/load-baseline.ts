/**
 * Reading a committed baseline file, validated field by field.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { LIVE_HEAP_METHODS, type LiveHeapMethod } from '../results/results-document.js';
import { baselineKey, resolveTolerances, type BaselineEntry, type BaselineFile, type BaselineMetrics } from './baseline-file.js';

/**
 * Reads and validates a baseline file. Returns `undefined` when the file does not exist (a
 * suite without a baseline yet: every entry is new).
 *
 * @throws UsageError `<file>: <field>: <why>` when the file is not valid JSON or not a
 *   schema-1 baseline.
 */
export async function loadBaseline(file: string): Promise<BaselineFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`${file}: cannot read baseline: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseBaseline(json, file);
}

/**
 * Validates a parsed baseline document and returns it frozen, tolerances filled with defaults.
 * @throws UsageError naming `file` and the field.
 */
export function parseBaseline(json: unknown, file = 'baseline'): BaselineFile {
  const fail = (field: string, why: string): never => {
    throw new UsageError(`${file}: ${field}: ${why}`);
  };
  if (!isObject(json)) return fail('(root)', 'must be a JSON object');
  if (json.schemaVersion !== 1) fail('schemaVersion', `must be 1, got ${JSON.stringify(json.schemaVersion)}`);
  if (typeof json.suite !== 'string' || json.suite.length === 0) fail('suite', 'must be a non-empty string');
  for (const k of ['createdAt', 'updatedAt'] as const) {
    if (typeof json[k] !== 'string' || Number.isNaN(Date.parse(json[k] as string))) fail(k, 'must be an ISO date string');
  }
  const env = json.environment;
  if (!isObject(env)) return fail('environment', 'must be an object');
  if (typeof env.node !== 'string') fail('environment.node', 'must be a string');
  if (typeof env.platform !== 'string') fail('environment.platform', 'must be a string');
  if (!isFiniteNumber(env.cpus)) fail('environment.cpus', 'must be a number');
  if (!isFiniteNumber(env.totalMemBytes)) fail('environment.totalMemBytes', 'must be a number');
  const tol = json.tolerances ?? {};
  if (!isObject(tol)) return fail('tolerances', 'must be an object of metric → fraction');
  for (const [metric, value] of Object.entries(tol)) {
    if (!(METRIC_NAMES as readonly string[]).includes(metric)) fail(`tolerances.${metric}`, `not a metric (${METRIC_NAMES.join(', ')})`);
    if (!isFiniteNumber(value) || value < 0) fail(`tolerances.${metric}`, 'must be a finite fraction >= 0 (0.1 = 10%)');
  }
  const tolerances = resolveTolerances(tol as Record<string, number>);
  if (!isObject(json.entries)) return fail('entries', 'must be an object keyed "<scenario>/<variant>/<records>"');
  const entries: Record<string, BaselineEntry> = {};
  for (const [key, raw] of Object.entries(json.entries)) {
    const at = `entries[${JSON.stringify(key)}]`;
    if (!isObject(raw)) return fail(at, 'must be an object');
    if (typeof raw.scenario !== 'string' || raw.scenario.length === 0) fail(`${at}.scenario`, 'must be a non-empty string');
    if (typeof raw.variant !== 'string' || raw.variant.length === 0) fail(`${at}.variant`, 'must be a non-empty string');
    if (!(isFiniteNumber(raw.records) && Number.isInteger(raw.records) && raw.records > 0))
      fail(`${at}.records`, 'must be a positive integer');
    if (!(isFiniteNumber(raw.repeats) && Number.isInteger(raw.repeats) && raw.repeats > 0))
      fail(`${at}.repeats`, 'must be a positive integer');
    const stats = {} as Record<'median' | 'min' | 'max', BaselineMetrics>;
    for (const stat of ['median', 'min', 'max'] as const) {
      const m = raw[stat];
      if (!isObject(m)) return fail(`${at}.${stat}`, 'must be an object of metrics');
      // A metric the entry lacks is one added after it was written: compared as new, not an error.
      const present = METRIC_NAMES.filter((metric) => m[metric] !== undefined);
      for (const metric of present) {
        if (!isFiniteNumber(m[metric])) fail(`${at}.${stat}.${metric}`, 'must be a finite number');
      }
      stats[stat] = Object.freeze(Object.fromEntries(present.map((metric) => [metric, m[metric] as number])));
    }
    if (raw.liveHeapMethod !== undefined && !LIVE_HEAP_METHODS.includes(raw.liveHeapMethod as LiveHeapMethod)) {
      fail(`${at}.liveHeapMethod`, `must be one of ${LIVE_HEAP_METHODS.join(', ')}`);
    }
    const entry: BaselineEntry = Object.freeze({
      scenario: raw.scenario as string,
      variant: raw.variant as string,
      records: raw.records as number,
      repeats: raw.repeats as number,
      ...stats,
      ...(raw.liveHeapMethod !== undefined ? { liveHeapMethod: raw.liveHeapMethod as LiveHeapMethod } : {}),
    });
    if (baselineKey(entry) !== key) fail(at, `key does not match its entry (expected "${baselineKey(entry)}")`);
    entries[key] = entry;
  }
  return Object.freeze({
    schemaVersion: 1,
    suite: json.suite as string,
    createdAt: json.createdAt as string,
    updatedAt: json.updatedAt as string,
    environment: Object.freeze({
      node: env.node as string,
      platform: env.platform as string,
      cpus: env.cpus as number,
      totalMemBytes: env.totalMemBytes as number,
    }),
    tolerances,
    entries: Object.freeze(entries),
  });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
