/**
 * The `ccts` scenario's workload: a stream of participant records, each naming the clave of
 * its school. Claves are Zipf-distributed over the catalogue (a few big schools appear often,
 * most rarely), plus a share of claves that exist nowhere. Built in `setup` (unmeasured),
 * stored compactly (codes in a `Float64Array`, the stream as `Uint32Array` indices) and replayed
 * in `run`, where each lookup gets a freshly decoded clave string, as parsed input would.
 */
import { decodeClave } from '../../reference-impl/ccts/clave.js';
import { generateKnownCCTCodes, generateUnknownCCTCodes } from './rows.js';
import { createRandom, type Random } from './random.js';

/** Options of {@link buildCCTWorkload}. */
export interface CCTWorkloadOptions {
  /** Participant lookups in the stream. @default 500_000 */
  readonly lookups?: number;
  /** Share of lookups naming a clave that is in no catalogue. @default 0.05 */
  readonly unknownShare?: number;
  /** Zipf exponent `s` (rank k drawn with probability ∝ 1/kˢ). @default 1 */
  readonly zipfExponent?: number;
}

/** A built workload. */
export interface CCTWorkload {
  /** Encoded claves: `[0, knownCount)` are the catalogue (`codes[i]` has id `i + 1`), then the unknown pool. */
  readonly codes: Float64Array;
  readonly knownCount: number;
  /** The lookups, as indices into `codes`. */
  readonly stream: Uint32Array;
  /** Distinct claves in the stream (known and unknown). */
  readonly uniqueClaves: number;
  /** Distinct unknown claves in the stream. */
  readonly uniqueUnknownClaves: number;
  /** Lookups of unknown claves. */
  readonly unknownLookups: number;
}

/** Builds the workload for a catalogue of `records` (deterministic). */
export function buildCCTWorkload(records: number, options: CCTWorkloadOptions = {}): CCTWorkload {
  const lookups = options.lookups ?? 500_000;
  const unknownShare = options.unknownShare ?? 0.05;
  const s = options.zipfExponent ?? 1;
  if (!Number.isInteger(lookups) || lookups < 1) throw new TypeError(`lookups must be a whole number ≥ 1, got ${String(lookups)}`);
  if (!(unknownShare >= 0 && unknownShare < 1)) throw new TypeError(`unknownShare must be a ratio in [0, 1), got ${String(unknownShare)}`);
  if (!(s > 0)) throw new TypeError(`zipfExponent must be > 0, got ${String(s)}`);

  const known = generateKnownCCTCodes(records);
  // One unknown clave per 20 CCTs: repeated often enough to exercise the negative cache.
  const unknownPool = Math.max(1, Math.ceil(records / 20));
  const unknown = generateUnknownCCTCodes(unknownPool, records);
  const codes = new Float64Array(records + unknownPool);
  codes.set(known);
  codes.set(unknown, records);

  const random = createRandom(0x2a9f_0000 ^ records);
  // Popularity is independent of id order: rank r is the CCT perm[r].
  const knownPerm = permutation(records, random);
  const knownCdf = zipfCdf(records, s);
  const unknownCdf = zipfCdf(unknownPool, s);

  const stream = new Uint32Array(lookups);
  const seen = new Uint8Array(codes.length);
  let uniqueClaves = 0;
  let uniqueUnknownClaves = 0;
  let unknownLookups = 0;
  for (let i = 0; i < lookups; i++) {
    let index: number;
    if (random() < unknownShare) {
      index = records + sample(unknownCdf, random());
      unknownLookups++;
    } else {
      index = knownPerm[sample(knownCdf, random())]!;
    }
    stream[i] = index;
    if (seen[index] === 0) {
      seen[index] = 1;
      uniqueClaves++;
      if (index >= records) uniqueUnknownClaves++;
    }
  }
  return { codes, knownCount: records, stream, uniqueClaves, uniqueUnknownClaves, unknownLookups };
}

/** What a replay observed. */
export interface CCTReplayResult {
  /** Lookups answered with an id. */
  readonly found: number;
  /** Lookups answered "no such CCT". */
  readonly notFound: number;
  /** Answers that differ from the catalogue (an id for an unknown clave, a wrong id…): must be 0. */
  readonly wrongAnswers: number;
  /** Lookups that rejected. */
  readonly errors: number;
  /** The first rejection, for the run's log. */
  readonly firstError: unknown;
}

/** Options of {@link replayCCTWorkload}. */
export interface CCTReplayOptions {
  /**
   * Lookups in flight at once (participants processed concurrently). Synchronous lookups run
   * one after the other regardless. @default 32
   */
  readonly concurrency?: number;
}

/**
 * Replays the stream through `lookup` and checks every answer: a catalogue clave must map to
 * its id (`index + 1`), an unknown one to `null`.
 */
export async function replayCCTWorkload(
  workload: CCTWorkload,
  lookup: (clave: string) => number | null | Promise<number | null>,
  options: CCTReplayOptions = {},
): Promise<CCTReplayResult> {
  const concurrency = options.concurrency ?? 32;
  const { codes, stream, knownCount } = workload;
  let next = 0;
  let found = 0;
  let notFound = 0;
  let wrongAnswers = 0;
  let errors = 0;
  let firstError: unknown;
  const check = (index: number, id: number | null) => {
    if (id === null) notFound++;
    else found++;
    if (id !== (index < knownCount ? index + 1 : null)) wrongAnswers++;
  };
  const worker = async () => {
    while (next < stream.length) {
      const index = stream[next++]!;
      try {
        const answer = lookup(decodeClave(codes[index]!));
        check(index, answer instanceof Promise ? await answer : answer);
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { found, notFound, wrongAnswers, errors, firstError };
}

/** A random permutation of `0..n-1` (Fisher–Yates). */
function permutation(n: number, random: Random): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Cumulative Zipf probabilities over ranks `0..n-1`, normalised to end at 1. */
function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1) ** s;
    cdf[k] = sum;
  }
  for (let k = 0; k < n; k++) cdf[k]! /= sum;
  return cdf;
}

/** The first rank whose cumulative probability exceeds `u` (binary search). */
function sample(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
