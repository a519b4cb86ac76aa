/**
 * The access stream of the `tenants` scenario: Zipf-distributed across tenants (tenant 1 the
 * hottest) and across each tenant's users, data types by {@link ACCESS_WEIGHTS}. Generated
 * deterministically from a seed into typed arrays (setup, unmeasured) and replayed in `run`.
 */
import { ACCESS_WEIGHTS, DATA_TYPES, USER_PROFILE } from './keys.js';
import { mulberry32, tenantShape } from './shape.js';

/** Accesses as parallel arrays: access `i` reads (tenantIds[i], types[i], users[i]). */
export interface TenantWorkload {
  readonly length: number;
  /** Tenant id (1-based). */
  readonly tenantIds: Int32Array;
  /** Index into DATA_TYPES. */
  readonly types: Uint8Array;
  /** 1-based user index for `user-profile` accesses, 0 otherwise. */
  readonly users: Uint16Array;
}

/** Options of {@link buildWorkload}. */
export interface WorkloadOptions {
  /** Tenants 1…`tenants` are accessed. */
  readonly tenants: number;
  /** Number of accesses. */
  readonly accesses: number;
  /** PRNG seed: the same seed gives the same stream. */
  readonly seed: number;
  /** Zipf exponent `s` (weight of rank k ∝ 1 / k^s). @default 1.0 */
  readonly zipfExponent?: number;
}

/** Accesses per run for `tenants` tenants: 20 per tenant, at least 5,000, at most 100,000. */
export function accessCount(tenants: number): number {
  return Math.min(Math.max(20 * tenants, 5_000), 100_000);
}

/** Cumulative Zipf distribution over ranks 1…n, normalised to end at 1. */
export function zipfCdf(n: number, exponent = 1.0): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    sum += 1 / k ** exponent;
    cdf[k - 1] = sum;
  }
  for (let i = 0; i < n; i++) cdf[i]! /= sum;
  return cdf;
}

/** The 0-based rank whose cumulative probability first reaches `u` (binary search). */
export function sampleCdf(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Builds the stream. O(accesses × log tenants). */
export function buildWorkload(options: WorkloadOptions): TenantWorkload {
  const { tenants, accesses, seed } = options;
  const exponent = options.zipfExponent ?? 1.0;
  if (!Number.isInteger(tenants) || tenants < 1) throw new TypeError(`tenants must be an integer ≥ 1, got ${tenants}`);
  if (!Number.isInteger(accesses) || accesses < 0) throw new TypeError(`accesses must be a non-negative integer, got ${accesses}`);
  const r = mulberry32(seed);
  const tenantCdf = zipfCdf(tenants, exponent);
  const typeCdf = new Float64Array(DATA_TYPES.length);
  let acc = 0;
  for (const [i, t] of DATA_TYPES.entries()) {
    acc += ACCESS_WEIGHTS[t];
    typeCdf[i] = acc;
  }
  typeCdf[DATA_TYPES.length - 1] = 1;
  const userCdfs = new Map<number, Float64Array>();
  const profileCount = new Map<number, number>();
  const w: TenantWorkload = {
    length: accesses,
    tenantIds: new Int32Array(accesses),
    types: new Uint8Array(accesses),
    users: new Uint16Array(accesses),
  };
  for (let i = 0; i < accesses; i++) {
    const tenantId = 1 + sampleCdf(tenantCdf, r());
    const type = sampleCdf(typeCdf, r());
    w.tenantIds[i] = tenantId;
    w.types[i] = type;
    if (type === USER_PROFILE) {
      let n = profileCount.get(tenantId);
      if (n === undefined) {
        n = tenantShape(tenantId).profiles;
        profileCount.set(tenantId, n);
      }
      let cdf = userCdfs.get(n);
      if (cdf === undefined) {
        cdf = zipfCdf(n, exponent);
        userCdfs.set(n, cdf);
      }
      w.users[i] = 1 + sampleCdf(cdf, r());
    }
  }
  return w;
}
