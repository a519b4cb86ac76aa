/**
 * Validating heapgate's documents against the JSON Schemas it ships (`schemas/`), for tests.
 * `runCli` validates every results document and baseline the CLI says it wrote, so every
 * document the test suite writes through the CLI is checked.
 *
 * The shipped schemas leave objects open (a consumer ignores fields it does not know, README
 * "Command line"); tests check them closed ({@link strictSchema}), so a field the harness writes
 * but no schema declares fails a test instead of going undocumented.
 *
 * Validator: ajv (https://ajv.js.org), draft 2020-12.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The package root: two levels above this file in the sources, three in `dist/`. */
const ROOT = ((): string => {
  const up = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
})();

/** The documents heapgate ships a schema for, by the schema's file name. */
export const SCHEMA_FILES = {
  results: 'schemas/results.schema.json',
  baseline: 'schemas/baseline.schema.json',
  budgets: 'schemas/budgets.schema.json',
} as const;

/** A document kind: `results` (`results.json`), `baseline` (a suite's baseline file) or `budgets` (a scenario's `budgets`). */
export type SchemaKind = keyof typeof SCHEMA_FILES;

/** A shipped schema, parsed. */
export function loadSchema(kind: SchemaKind): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, SCHEMA_FILES[kind]), 'utf8')) as Record<string, unknown>;
}

/**
 * `schema` with every object that lists `properties` and says nothing of other properties
 * closed (`additionalProperties: false`). Maps (`additionalProperties: {…}`) stay as they are.
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps names to schemas: recurse into each schema, not into the map itself.
    out[key] =
      key === 'properties' || key === '$defs'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strictSchema(v)]))
        : strictSchema(value);
  }
  if ('properties' in out && !('additionalProperties' in out) && !('patternProperties' in out)) out.additionalProperties = false;
  return out;
}

const compiled = new Map<string, ValidateFunction>();

function validator(kind: SchemaKind, strict: boolean): ValidateFunction {
  const key = `${kind}:${strict}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = loadSchema(kind);
    // allErrors: report every problem of a document at once. strictRequired would refuse
    // `anyOf: [{ required: ['thresholds'] }, …]`, which names properties declared beside it.
    validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(
      strict ? (strictSchema(schema) as object) : schema,
    );
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * The problems of `value` as a `kind` document, `<path>: <message>` each; empty when it is valid.
 * @param options.strict Closed objects (see {@link strictSchema}). @default true
 */
export function schemaProblems(kind: SchemaKind, value: unknown, options: { readonly strict?: boolean } = {}): string[] {
  const validate = validator(kind, options.strict ?? true);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

/**
 * Throws unless `value` is a valid `kind` document (strict), naming `label` (a file) and every
 * problem.
 */
export function assertMatchesSchema(kind: SchemaKind, value: unknown, label: string): void {
  const problems = schemaProblems(kind, value);
  if (problems.length) {
    throw new Error(`${label} does not match ${SCHEMA_FILES[kind]}:\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  const extra =
    e.keyword === 'additionalProperties'
      ? ` "${(e.params as { additionalProperty: string }).additionalProperty}" (declare it in the schema)`
      : '';
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}
