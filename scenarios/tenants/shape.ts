/**
 * How much data each tenant has, derived from its id alone, so the seeder (parent process) and
 * the workload generator (measured child) agree without a query. Ranges follow seed 004's
 * single-tenant example: 30 operations, 10 roles, 50 users, 25 profiles, 20 hierarchy entities
 * on average.
 */

/** Row counts of one tenant. */
export interface TenantShape {
  /** Credit cost entries (seed: 20–50 operations). */
  readonly creditCosts: number;
  /** Roles (seed: 5–15). */
  readonly roles: number;
  /** Active configs (seed: 5–20). */
  readonly configs: number;
  /** Users with a status (seed: 10–100 active users). */
  readonly users: number;
  /** Users with a cached profile: the first `profiles` users (seed: 10–50). */
  readonly profiles: number;
  /** Hierarchy entities (seed: 10–50). */
  readonly hierarchy: number;
  /** Recent audit log entries kept per tenant (seed: 1–10 KB of recent logs). */
  readonly auditLogs: number;
}

/** A small, fast, seedable PRNG (mulberry32): uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seed of tenant `id`'s PRNG (shape first, then its rows). */
export function tenantSeed(tenantId: number): number {
  return Math.imul(tenantId, 0x9e3779b1) ^ 0x7e4a7004;
}

/** The shape of tenant `tenantId` (1-based). Pure. */
export function tenantShape(tenantId: number): TenantShape {
  const r = mulberry32(tenantSeed(tenantId));
  const between = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const users = between(20, 80);
  return {
    creditCosts: between(20, 40),
    roles: between(5, 15),
    configs: between(5, 15),
    users,
    profiles: Math.min(users, between(15, 35)),
    hierarchy: between(10, 30),
    auditLogs: 20,
  };
}
