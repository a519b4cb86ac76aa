/**
 * `GET /work/:key`: an expensive, cacheable computation — the route a memory-pressure surge
 * hits. A miss builds the key's result in `steps` steps with a pause between them (standing in
 * for the I/O a real computation waits on), holding `scratchBytes` of working heap while it
 * runs, then keeps a `resultBytes` result in the `work` cache; a hit answers from the cache.
 * Under a surge of many distinct keys the cache fills and every request in flight holds its
 * scratch, which is what drives a service toward its heap limit.
 *
 * Results and scratch are one-byte strings (what a cached, serialised answer is): their bytes
 * are V8 heap (`heapUsed`), unlike an `ArrayBuffer`'s, and each is one object the garbage
 * collector does not scan inside, so a full cache costs heap without making every collection
 * walk millions of array slots (the first version used small-integer arrays, and marking them
 * took the event loop's p99 delay past 1.5 s on a busy machine).
 *
 * With a `DegradationManager`, the cache is written only while the feature `work-cache` is on
 * (the critical level turns it off, `seed-pressure-actions.ts`), and every key read is counted
 * for the hot-data refresh (`hot-data-refresher.ts`). The `x-cache` response header says `hit`
 * or `miss`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import type { AccessCounter } from '../pressure/access-counter.js';
import type { DegradationManager } from '../pressure/degradation-manager.js';

/** Name of the work cache in the cache metrics (`cache_size_bytes{cache="work"}`) and its feature flag. */
export const WORK_CACHE_NAME = 'work';
/** The non-essential feature flag that gates writes to the work cache. */
export const WORK_CACHE_FEATURE = 'work-cache';

/** Shape and cost of one `/work/:key` computation and of its cache. */
export interface WorkRouteOptions {
  /** Heap held by one result in the cache, in bytes (≥ 8). @default 65536 (64 KiB) */
  readonly resultBytes?: number;
  /** Working heap one computation holds until it answers, in bytes (≥ 0). @default 131072 (128 KiB) */
  readonly scratchBytes?: number;
  /** Steps the computation takes; the scratch grows step by step (≥ 1). @default 4 */
  readonly steps?: number;
  /** Pause after each step, in milliseconds (≥ 0). @default 5 */
  readonly stepDelayMs?: number;
  /** Bytes the work cache holds at most (by the results' size). @default 134217728 (128 MiB) */
  readonly cacheMaxBytes?: number;
}

/** One cached result. */
export interface WorkResult {
  readonly key: string;
  /** A checksum over the payload, so the computation cannot be optimised away. */
  readonly digest: number;
  readonly payload: string;
}

/** What `/work/:key` answers: a summary, not the payload (the surge is about server heap, not bandwidth). */
export interface WorkResponse {
  readonly key: string;
  readonly digest: number;
  readonly resultBytes: number;
  readonly cached: boolean;
}

/** Resolved {@link WorkRouteOptions}. */
export interface ResolvedWorkOptions {
  readonly resultBytes: number;
  readonly scratchBytes: number;
  readonly steps: number;
  readonly stepDelayMs: number;
  readonly cacheMaxBytes: number;
}

/** Keys `/work/:key` accepts: a letter or digit, then letters, digits, `.`, `_`, `-`, at most 128. */
const WORK_PARAMS_SCHEMA = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' } },
} as const;

/** Bytes per character of a one-byte (Latin-1) V8 string. */
const ELEMENT_BYTES = 1;
/**
 * Node makes strings of at least about 1 MB external (off the V8 heap) when decoding a Buffer;
 * below it they are sequential heap strings. Results and scratch pieces stay below.
 */
const MAX_PIECE_BYTES = 512 * 1024;

function wholeNumber(name: string, value: unknown, min: number, unit: string): number {
  if (!Number.isInteger(value) || (value as number) < min)
    throw new TypeError(`work.${name} must be a whole number of ${unit} ≥ ${min}, got ${String(value)}`);
  return value as number;
}

/** Validates and fills {@link WorkRouteOptions}; throws a `TypeError` naming the option. */
export function resolveWorkOptions(options: WorkRouteOptions = {}): ResolvedWorkOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('work must be an object (WorkRouteOptions)');
  const resolved = {
    resultBytes: wholeNumber('resultBytes', options.resultBytes ?? 65_536, 8, 'bytes'),
    scratchBytes: wholeNumber('scratchBytes', options.scratchBytes ?? 131_072, 0, 'bytes'),
    steps: wholeNumber('steps', options.steps ?? 4, 1, 'steps'),
    stepDelayMs: wholeNumber('stepDelayMs', options.stepDelayMs ?? 5, 0, 'milliseconds'),
    cacheMaxBytes: wholeNumber('cacheMaxBytes', options.cacheMaxBytes ?? 134_217_728, 1, 'bytes'),
  };
  if (resolved.resultBytes > MAX_PIECE_BYTES || resolved.scratchBytes / resolved.steps > MAX_PIECE_BYTES) {
    throw new TypeError(`work.resultBytes and work.scratchBytes / work.steps must be at most ${MAX_PIECE_BYTES} bytes (heap strings)`);
  }
  return resolved;
}

/** The work cache: bounded by its results' bytes (the payload dominates; 64 bytes cover the object and key). */
export function createWorkCache(options: ResolvedWorkOptions): InstrumentedLruCache<string, WorkResult> {
  return new InstrumentedLruCache<string, WorkResult>({
    name: WORK_CACHE_NAME,
    maxSizeBytes: options.cacheMaxBytes,
    sizing: (value) => value.payload.length * ELEMENT_BYTES + 64 + value.key.length * 2,
  });
}

/** `bytes` seeded pseudo-random Latin-1 characters as one heap string, and their checksum. */
function piece(bytes: number, seed: number): { text: string; digest: number } {
  const buf = Buffer.allocUnsafe(bytes);
  let x = seed | 0;
  let digest = 0;
  // One pseudo-random word per 4 bytes: cheap, deterministic per key, never all equal.
  for (let i = 0; i + 4 <= bytes; i += 4) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
    buf.writeInt32LE(x, i);
    digest = (digest + (x & 0xffff)) | 0;
  }
  buf.fill(0x2e, bytes - (bytes % 4));
  return { text: buf.toString('latin1'), digest };
}

function seedOf(key: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

/** Computes `key`'s result at once (no pauses, no scratch): what a hot-data refresh loads. */
export function computeWorkResult(key: string, options: ResolvedWorkOptions): WorkResult {
  const { text, digest } = piece(options.resultBytes, seedOf(key));
  return { key, digest, payload: text };
}

/** Computes `key`'s result the slow way: `steps` steps, the scratch held until the end. */
async function computeWorkResultSlowly(key: string, options: ResolvedWorkOptions): Promise<WorkResult> {
  const scratch: string[] = [];
  const perStep = Math.floor(options.scratchBytes / options.steps);
  let digest = 0;
  for (let step = 0; step < options.steps; step++) {
    const part = perStep > 0 ? piece(perStep, seedOf(key) + step) : { text: '', digest: 0 };
    digest = (digest + part.digest) | 0;
    scratch.push(part.text);
    if (options.stepDelayMs > 0) await sleep(options.stepDelayMs);
  }
  const result = computeWorkResult(key, options);
  // The scratch is read once more, so it stays live until the result exists.
  if (scratch.length !== options.steps || digest === 0.5) throw new Error('work: scratch lost');
  return result;
}

/** What {@link registerWorkRoutes} needs. */
export interface WorkRouteDeps {
  readonly options: ResolvedWorkOptions;
  readonly cache: InstrumentedLruCache<string, WorkResult>;
  /** Gates cache writes on the `work-cache` feature. @default writes always */
  readonly degradation?: DegradationManager;
  /** Counts each key read, for the hot-data refresh. @default not counted */
  readonly accessCounter?: AccessCounter<string>;
}

/** Registers `GET /work/:key` on `app`. */
export function registerWorkRoutes(app: FastifyInstance, deps: WorkRouteDeps): void {
  const { options, cache, degradation, accessCounter } = deps;
  app.get<{ Params: { key: string } }>(
    '/work/:key',
    { schema: { params: WORK_PARAMS_SCHEMA } },
    async (request, reply): Promise<WorkResponse> => {
      const { key } = request.params;
      accessCounter?.record(key);
      const hit = cache.get(key);
      // x-cache: what a load generator, which never reads bodies, can count hits by.
      reply.header('x-cache', hit === undefined ? 'miss' : 'hit');
      if (hit !== undefined) return { key, digest: hit.digest, resultBytes: hit.payload.length * ELEMENT_BYTES, cached: true };
      const result = await computeWorkResultSlowly(key, options);
      if (degradation === undefined || degradation.isEnabled(WORK_CACHE_FEATURE)) cache.set(key, result);
      return { key, digest: result.digest, resultBytes: result.payload.length * ELEMENT_BYTES, cached: false };
    },
  );
}
