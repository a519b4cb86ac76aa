/**
 * `GET /tenants/:tenantId/:dataType[?userId=]`: one tenant's configuration value (seed 004:
 * credit costs, roles, configs, user status, user profiles, …) through a {@link TieredCache}:
 * L1 an in-process `lru-cache` bounded in bytes and entries, L2 Redis when configured (an
 * outage degrades to L1 + L3, never an error), L3 the caller's loader (PostgreSQL). Concurrent
 * misses for one key share one L2 lookup and one load.
 *
 * Cache keys are `<tenantId>:<dataType>` and `<tenantId>:<dataType>:<userId>` — the `tenants`
 * scenario's (`scenarios/tenants/keys.ts` `globalKey`), so an L2 warmed by one serves the other.
 * The data types and the loader come from the caller: the data model is theirs.
 */
import type { FastifyInstance } from 'fastify';
import { TieredCache, type TieredCacheOptions } from '../caches/tiered-cache.js';
import { ReferenceServiceError } from './reference-service-error.js';
import { USER_ID_PATTERN } from './request-schemas.js';

/** The key one tenant value is stored under. */
export interface TenantValueKey {
  /** ≥ 1. */
  readonly tenantId: number;
  /** One of {@link TenantLookupOptions.dataTypes}. */
  readonly dataType: string;
  /** Present exactly for the {@link TenantLookupOptions.perUserDataTypes}. */
  readonly userId?: string;
}

/** L3: the value of one key from the source of truth, `undefined` when there is none (answered 404, not cached). */
export type TenantValueLoader = (key: TenantValueKey) => Promise<object | undefined>;

/** Configures the tenant route of `createReferenceService`. */
export interface TenantLookupOptions {
  /** The `:dataType` values served, e.g. seed 004's `credit-costs`, `roles`, `user-profile`… (non-empty). */
  readonly dataTypes: readonly string[];
  /** Data types stored per user: requests for them must carry `?userId=`, others must not. @default none */
  readonly perUserDataTypes?: readonly string[];
  /** L3 (e.g. one PostgreSQL query per key). */
  readonly load: TenantValueLoader;
  /**
   * L1 limits and TTL, L2 Redis (a URL, or an `ioredis` client you own) and its TTL and key
   * prefix; see {@link TieredCacheOptions}. A Redis client created from a URL is closed when the
   * service closes. @default L1 only, TieredCache's limits (10,000 entries, 32 MiB, 5 min)
   */
  readonly cache?: Omit<TieredCacheOptions<object>, 'load' | 'name'>;
  /**
   * With an L2: how long `createReferenceService` waits for Redis to connect before it
   * resolves, in milliseconds (≥ 0). Requests served before it connects skip L2 (they go to
   * L3), so a service under load from its first request should wait; an unreachable Redis only
   * delays the start by this much, and is used as soon as it answers. @default 5000
   */
  readonly l2ReadyTimeoutMs?: number;
}

/** What the route answers. */
export interface TenantValueResponse {
  readonly tenantId: number;
  readonly dataType: string;
  /** Echoed for per-user data types. */
  readonly userId?: string;
  readonly value: object;
}

interface TenantRequest {
  Params: { tenantId: number; dataType: string };
  Querystring: { userId?: string };
}

/** The name of the tier's L1 in the cache metrics. */
export const TENANT_L1_CACHE_NAME = 'tenants-l1';

const DATA_TYPE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Checks `options` and returns its data types (deduplicated) and per-user ones. Throws a
 * `TypeError` naming the option (`tenants.dataTypes`, …).
 */
export function validateTenantLookupOptions(options: TenantLookupOptions): { dataTypes: string[]; perUser: Set<string> } {
  if (typeof options !== 'object' || options === null) throw new TypeError('tenants must be an object (TenantLookupOptions)');
  if (typeof options.load !== 'function') throw new TypeError('tenants.load must be a function (key) => Promise<value | undefined>');
  const dataTypes = options.dataTypes;
  if (!Array.isArray(dataTypes) || dataTypes.length === 0 || !dataTypes.every((t) => typeof t === 'string' && DATA_TYPE_PATTERN.test(t))) {
    throw new TypeError(`tenants.dataTypes must be a non-empty array of names matching ${DATA_TYPE_PATTERN}`);
  }
  const perUser = new Set(options.perUserDataTypes ?? []);
  for (const t of perUser) {
    if (!dataTypes.includes(t)) throw new TypeError(`tenants.perUserDataTypes: "${String(t)}" is not one of tenants.dataTypes`);
  }
  const wait = options.l2ReadyTimeoutMs;
  if (wait !== undefined && (!Number.isInteger(wait) || wait < 0)) {
    throw new TypeError(`tenants.l2ReadyTimeoutMs must be a whole number of milliseconds ≥ 0, got ${String(wait)}`);
  }
  return { dataTypes: [...new Set(dataTypes)], perUser };
}

/** The tiered cache behind the route, built from validated options; `close()` it with the service. */
export function createTenantCache(options: TenantLookupOptions): TieredCache<object> {
  validateTenantLookupOptions(options);
  const load = options.load;
  return new TieredCache<object>({
    ...options.cache,
    name: TENANT_L1_CACHE_NAME,
    load: (key) => {
      // `<tenantId>:<dataType>[:<userId>]`: neither of the first two holds a colon; a user id may.
      const first = key.indexOf(':');
      const second = key.indexOf(':', first + 1);
      const tenantId = Number(key.slice(0, first));
      if (second === -1) return load({ tenantId, dataType: key.slice(first + 1) });
      return load({ tenantId, dataType: key.slice(first + 1, second), userId: key.slice(second + 1) });
    },
  });
}

/** Registers the tenant route on `app`, serving through `cache` ({@link createTenantCache}). */
export function registerTenantRoutes(app: FastifyInstance, options: TenantLookupOptions, cache: TieredCache<object>): void {
  const { dataTypes, perUser } = validateTenantLookupOptions(options);
  const schema = {
    params: {
      type: 'object',
      required: ['tenantId', 'dataType'],
      properties: {
        tenantId: { type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 },
        dataType: { type: 'string', enum: dataTypes },
      },
    },
    querystring: { type: 'object', properties: { userId: { type: 'string', pattern: USER_ID_PATTERN } } },
  };
  app.get<TenantRequest>('/tenants/:tenantId/:dataType', { schema }, async (request): Promise<TenantValueResponse> => {
    const { tenantId, dataType } = request.params;
    const { userId } = request.query;
    if (perUser.has(dataType) !== (userId !== undefined)) {
      throw new ReferenceServiceError(
        400,
        'HEAPGATE_SERVICE_INVALID_REQUEST',
        perUser.has(dataType) ? `querystring/userId is required for ${dataType}` : `querystring/userId is not allowed for ${dataType}`,
      );
    }
    const key = userId === undefined ? `${tenantId}:${dataType}` : `${tenantId}:${dataType}:${userId}`;
    const value = await cache.get(key);
    if (value === undefined) {
      throw new ReferenceServiceError(
        404,
        'HEAPGATE_SERVICE_NOT_FOUND',
        `tenant ${tenantId} has no ${dataType}${userId ? ` for ${userId}` : ''}`,
      );
    }
    return userId === undefined ? { tenantId, dataType, value } : { tenantId, dataType, userId, value };
  });
}
