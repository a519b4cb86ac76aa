/**
 * The cache keys of the `tenants` scenario (seed 004): per tenant, one key per data type, except
 * user profiles, cached per user (the seed's "cached profiles per tenant: 10–50 active users").
 *
 * Data types map to the application categories of seed 004 strategy 3 (`credit-configs`,
 * `roles`, `users`, `hierarchy`), which decide what an application-filtered cache keeps.
 */

/** The seven data shapes of seed 004, by cache key name. */
export const DATA_TYPES = Object.freeze([
  'credit-costs',
  'roles',
  'configs',
  'user-status',
  'user-profile',
  'hierarchy',
  'audit-logs',
] as const);

/** One of {@link DATA_TYPES}. */
export type DataType = (typeof DATA_TYPES)[number];

/** Index of `user-profile` in {@link DATA_TYPES}: the only per-user key. */
export const USER_PROFILE = DATA_TYPES.indexOf('user-profile');

/** Seed 004 strategy 3 category of each data type (`audit` is cached by no application). */
export const DATA_TYPE_CATEGORY: Readonly<Record<DataType, string>> = Object.freeze({
  'credit-costs': 'credit-configs',
  configs: 'credit-configs',
  roles: 'roles',
  'user-status': 'users',
  'user-profile': 'users',
  hierarchy: 'hierarchy',
  'audit-logs': 'audit',
});

/**
 * Share of accesses per data type: critical data (credit costs, roles, user status, configs) is
 * read on most requests, reference data less often (seed 004: critical vs reference caches).
 */
export const ACCESS_WEIGHTS: Readonly<Record<DataType, number>> = Object.freeze({
  'credit-costs': 0.3,
  roles: 0.15,
  configs: 0.1,
  'user-status': 0.25,
  'user-profile': 0.12,
  hierarchy: 0.05,
  'audit-logs': 0.03,
});

/** The user id of a tenant's `index`-th user (1-based): `user-17`. */
export function userId(index: number): string {
  return `user-${index}`;
}

/** The key within a tenant: the data type, or `user-profile:user-17`. */
export function tenantKey(type: number, userIndex: number): string {
  return type === USER_PROFILE ? `user-profile:${userId(userIndex)}` : DATA_TYPES[type]!;
}

/** The key across tenants, as the seed's caches use it: `42:roles`, `42:user-profile:user-17`. */
export function globalKey(tenantId: number, type: number, userIndex: number): string {
  return `${tenantId}:${tenantKey(type, userIndex)}`;
}

/** Parses {@link globalKey}. Throws on anything else. */
export function parseGlobalKey(key: string): { tenantId: number; type: DataType; userId?: string } {
  const m = /^(\d+):([a-z-]+)(?::(user-\d+))?$/.exec(key);
  const type = m?.[2] as DataType | undefined;
  if (!m || !DATA_TYPES.includes(type!) || (type === 'user-profile') !== (m[3] !== undefined)) {
    throw new Error(`not a tenants cache key: "${key}"`);
  }
  return m[3] === undefined ? { tenantId: Number(m[1]), type: type! } : { tenantId: Number(m[1]), type: type!, userId: m[3] };
}
