/**
 * The authoritative source (L3) of the `tenants` scenario: PostgreSQL queries that return each
 * cache key's value already shaped as seed 004 shows it (camelCase objects, arrays per tenant),
 * built by `json_build_object` inside PostgreSQL so every variant receives identical values.
 */
import type pg from 'pg';
import { DATA_TYPES, type DataType, USER_PROFILE } from './keys.js';

const CREDIT_COST = `json_build_object('operationCode', operation_code, 'cost', cost, 'updatedAt', updated_at)`;
const ROLE = `json_build_object('roleId', role_id, 'permissions', permissions, 'updatedAt', updated_at)`;
const CONFIG = `json_build_object('configKey', config_key, 'value', value, 'updatedAt', updated_at)`;
const USER_STATUS = `json_build_object('userId', user_id, 'status', status, 'updatedAt', updated_at)`;
const PROFILE = `json_build_object('userId', user_id, 'email', email, 'name', name, 'department', department,
  'role', role, 'avatar', avatar, 'preferences', preferences)`;
const ENTITY = `json_build_object('entityId', entity_id, 'entityName', entity_name, 'parentEntityId', parent_entity_id,
  'hierarchyPath', hierarchy_path, 'children', children)`;
const AUDIT = `json_build_object('id', id, 'action', action, 'actorId', actor_id, 'target', target, 'at', at)`;

/** Per data type: the value expression aggregated per tenant, its table and order. */
const AGGREGATES: Readonly<Record<Exclude<DataType, 'user-profile'>, { expr: string; table: string; order: string }>> = {
  'credit-costs': { expr: CREDIT_COST, table: 'tenant_credit_costs', order: 'operation_code' },
  roles: { expr: ROLE, table: 'tenant_roles', order: 'role_id' },
  configs: { expr: CONFIG, table: 'tenant_configs', order: 'config_key' },
  'user-status': { expr: USER_STATUS, table: 'tenant_user_status', order: 'user_id' },
  hierarchy: { expr: ENTITY, table: 'tenant_hierarchy', order: 'hierarchy_path' },
  'audit-logs': { expr: AUDIT, table: 'tenant_audit_logs', order: 'at DESC' },
};

function aggregate(type: Exclude<DataType, 'user-profile'>, where: string): string {
  const a = AGGREGATES[type];
  return `SELECT coalesce(json_agg(${a.expr} ORDER BY ${a.order}), '[]'::json) FROM ${a.table} WHERE ${where}`;
}

/** One key's value: `$1` tenant id (and `$2` user id for profiles). Statements are constants. */
const KEY_SQL: readonly string[] = DATA_TYPES.map((type) =>
  type === 'user-profile'
    ? `SELECT ${PROFILE} AS v FROM tenant_user_profiles WHERE tenant_id = $1 AND user_id = $2`
    : `SELECT (${aggregate(type, 'tenant_id = $1')}) AS v`,
);

/** A whole tenant in one round trip (the naive consumer's "sync everything"). */
const TENANT_SQL = `SELECT ${DATA_TYPES.filter((t) => t !== 'user-profile')
  .map((t) => `(${aggregate(t as Exclude<DataType, 'user-profile'>, 'tenant_id = $1')}) AS "${t}"`)
  .join(', ')},
  (SELECT coalesce(json_agg(${PROFILE} ORDER BY user_id), '[]'::json) FROM tenant_user_profiles WHERE tenant_id = $1) AS "user-profile"`;

/** A tenant's data as one object per data type (profiles as an array). */
export type TenantBundle = Record<DataType, unknown>;

/** L3 reads for the `tenants` scenario. Counts every query it sends. */
export class TenantSource {
  readonly #pool: pg.Pool;
  /** Queries sent (L3 fetches). */
  queries = 0;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** The value of one key (`type` index into DATA_TYPES), or undefined when absent. */
  async load(tenantId: number, type: number, userId: string | undefined): Promise<object | undefined> {
    this.queries++;
    const params = type === USER_PROFILE ? [tenantId, userId] : [tenantId];
    const { rows } = await this.#pool.query<{ v: object | null }>({ name: `tenants-key-${type}`, text: KEY_SQL[type]!, values: params });
    return rows[0]?.v ?? undefined;
  }

  /** Every data type of one tenant in one query. */
  async loadTenant(tenantId: number): Promise<TenantBundle> {
    this.queries++;
    const { rows } = await this.#pool.query<TenantBundle>({ name: 'tenants-bundle', text: TENANT_SQL, values: [tenantId] });
    return rows[0]!;
  }

  /**
   * JSON texts of many keys at once, for warming a shared L2: `tenantIds` for one data type
   * (profiles: every profile of those tenants). Values stay text (no parsing in Node).
   */
  async loadTexts(type: DataType, tenantIds: readonly number[]): Promise<{ tenantId: number; userId?: string; text: string }[]> {
    this.queries++;
    if (type === 'user-profile') {
      const { rows } = await this.#pool.query<{ tenant_id: number; user_id: string; v: string }>(
        `SELECT tenant_id, user_id, ${PROFILE}::text AS v FROM tenant_user_profiles WHERE tenant_id = ANY($1::int[])`,
        [tenantIds],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, userId: r.user_id, text: r.v }));
    }
    const a = AGGREGATES[type];
    const { rows } = await this.#pool.query<{ tenant_id: number; v: string }>(
      `SELECT tenant_id, json_agg(${a.expr} ORDER BY ${a.order})::text AS v FROM ${a.table}
       WHERE tenant_id = ANY($1::int[]) GROUP BY tenant_id`,
      [tenantIds],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, text: r.v }));
  }
}
