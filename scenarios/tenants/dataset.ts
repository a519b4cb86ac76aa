/**
 * The `tenants` data set (seed 004): for tenants 1…N, the seven data shapes the seed sizes
 * (credit costs, role permissions, user status, active configs, user profiles, hierarchy, audit
 * logs) in PostgreSQL, the authoritative source (L3) of the scenario's caches.
 *
 * Every tenant's rows derive from its id alone (a PRNG seeded per tenant and table, drawing from
 * value pools built once with a fixed faker seed), so the data set for N tenants is the prefix of
 * the one for 10 N: seeding 10,000 after 1,000 only adds tenants 1,001…10,000. The marker row in
 * `heapgate_seeds` (key `tenants/v<version>`) holds the number of tenants seeded; an advisory
 * lock makes concurrent seeders safe.
 */
import { base, en, Faker } from '@faker-js/faker';
import { copyField, copyRows } from 'heapgate/services';
import type pg from 'pg';
import { userId } from './keys.js';
import { mulberry32, tenantSeed, tenantShape } from './shape.js';

/** Bumped whenever generation changes, so an older persistent data set is regenerated. */
export const TENANTS_DATASET_VERSION = 1;

/** What variants receive as `ctx.dataset`. */
export interface TenantsDataset {
  readonly [key: string]: number;
  /** Tenants 1…`tenants` exist. */
  readonly tenants: number;
  readonly version: number;
}

/** Options of {@link seedTenantsDataset}. */
export interface SeedTenantsOptions {
  /** Tenants the data set must contain (≥ 1). */
  readonly tenants: number;
  /** Progress lines. @default no output */
  readonly log?: (message: string) => void;
}

/** Outcome of {@link seedTenantsDataset}, shaped like the scenario contract's `SeedResult`. */
export interface SeedTenantsResult {
  readonly rowsWritten: number;
  readonly bytesWritten: number;
  readonly dataset: TenantsDataset;
}

/** Tables of the data set, in seeding order. */
export const TENANT_TABLES = Object.freeze([
  'tenant_credit_costs',
  'tenant_roles',
  'tenant_configs',
  'tenant_user_status',
  'tenant_user_profiles',
  'tenant_hierarchy',
  'tenant_audit_logs',
] as const);

/** DDL, idempotent. Primary keys serve the L3 lookups (by tenant, and by tenant and user). */
export const TENANTS_SCHEMA_SQL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS tenant_credit_costs (tenant_id integer NOT NULL, operation_code text NOT NULL,
     cost double precision NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, operation_code))`,
  `CREATE TABLE IF NOT EXISTS tenant_roles (tenant_id integer NOT NULL, role_id text NOT NULL,
     permissions text[] NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, role_id))`,
  `CREATE TABLE IF NOT EXISTS tenant_configs (tenant_id integer NOT NULL, config_key text NOT NULL,
     value text NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, config_key))`,
  `CREATE TABLE IF NOT EXISTS tenant_user_status (tenant_id integer NOT NULL, user_id text NOT NULL,
     status text NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, user_id))`,
  `CREATE TABLE IF NOT EXISTS tenant_user_profiles (tenant_id integer NOT NULL, user_id text NOT NULL,
     email text NOT NULL, name text NOT NULL, department text NOT NULL, role text NOT NULL, avatar text NOT NULL,
     preferences jsonb NOT NULL, PRIMARY KEY (tenant_id, user_id))`,
  `CREATE TABLE IF NOT EXISTS tenant_hierarchy (tenant_id integer NOT NULL, entity_id text NOT NULL,
     entity_name text NOT NULL, parent_entity_id text, hierarchy_path text NOT NULL, children text[] NOT NULL,
     PRIMARY KEY (tenant_id, entity_id))`,
  `CREATE TABLE IF NOT EXISTS tenant_audit_logs (tenant_id integer NOT NULL, id integer NOT NULL,
     action text NOT NULL, actor_id text NOT NULL, target text NOT NULL, at timestamptz NOT NULL,
     PRIMARY KEY (tenant_id, id))`,
  `CREATE TABLE IF NOT EXISTS heapgate_seeds (key text PRIMARY KEY, rows integer NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now())`,
]);

const MARKER_KEY = `tenants/v${TENANTS_DATASET_VERSION}`;
/** Tenants per COPY pass: bounds the lines generated ahead of PostgreSQL. */
const TENANTS_PER_CHUNK = 2000;

const MODULES = ['crm', 'hrms', 'finance', 'inventory', 'projects', 'billing', 'support'];
const ENTITIES = [
  'leads',
  'contacts',
  'deals',
  'accounts',
  'invoices',
  'employees',
  'payroll',
  'tickets',
  'orders',
  'quotes',
  'campaigns',
  'reports',
  'tasks',
  'documents',
];
const ACTIONS = ['create', 'read', 'update', 'delete', 'export', 'import', 'approve', 'assign', 'archive', 'sync'];
const ROLE_KINDS = ['admin', 'manager', 'agent', 'viewer', 'editor', 'auditor', 'owner', 'analyst'];
const STATUSES = ['active', 'active', 'active', 'away', 'busy', 'offline', 'suspended'];
const THEMES = ['light', 'dark', 'system'];
const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR', 'ja-JP'];
const WIDGETS = ['pipeline', 'tasks', 'calendar', 'revenue', 'activity', 'leaderboard', 'forecast', 'inbox', 'goals'];
/** 2024-01-01T00:00:00Z: timestamps fall in the year after it. */
const EPOCH_MS = Date.UTC(2024, 0, 1);

/** Strings drawn from when assembling rows; COPY-safe (no tab, newline, backslash). */
interface TenantValuePools {
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly departments: readonly string[];
  readonly jobTitles: readonly string[];
  readonly domainWords: readonly string[];
  readonly timezones: readonly string[];
  readonly searchTerms: readonly string[];
}

/** Faker seed of the pools: changing it (or pool sizes) changes every data set. */
const POOLS_FAKER_SEED = 4004;

function buildPools(): TenantValuePools {
  const f = new Faker({ locale: [en, base], seed: POOLS_FAKER_SEED });
  const safe = (s: string) => s.replace(/[\t\n\r\\"{},]/g, ' ');
  const times = (n: number, fn: () => string) => [...new Set(Array.from({ length: n }, fn))].map(safe);
  return {
    firstNames: times(500, () => f.person.firstName()),
    lastNames: times(500, () => f.person.lastName()),
    departments: times(60, () => f.commerce.department()),
    jobTitles: times(200, () => f.person.jobTitle()),
    domainWords: times(
      300,
      () =>
        f.word
          .noun()
          .toLowerCase()
          .replace(/[^a-z]/g, '') || 'tenant',
    ),
    timezones: times(60, () => f.location.timeZone()),
    searchTerms: times(300, () => `${f.word.adjective()} ${f.word.noun()}`),
  };
}

/** Row generation for one tenant and table; PRNG seeded by (tenant, table). */
class TenantRows {
  readonly #pools: TenantValuePools;
  constructor(pools: TenantValuePools) {
    this.#pools = pools;
  }

  *lines(table: (typeof TENANT_TABLES)[number], tenantId: number): Generator<string> {
    const shape = tenantShape(tenantId);
    const r = mulberry32(tenantSeed(tenantId) ^ ((TENANT_TABLES.indexOf(table) + 1) * 0x01000193));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const ts = () => new Date(EPOCH_MS + Math.floor(r() * 365 * 86_400) * 1000).toISOString();
    const t = String(tenantId);
    const code = () => `${pick(MODULES)}.${pick(ENTITIES)}.${pick(ACTIONS)}`;
    const p = this.#pools;
    switch (table) {
      case 'tenant_credit_costs': {
        const seen = new Set<string>();
        while (seen.size < shape.creditCosts) {
          const c = code();
          if (seen.has(c)) continue;
          seen.add(c);
          yield `${t}\t${c}\t${(Math.floor(r() * 40) + 1) / 4}\t${ts()}`;
        }
        return;
      }
      case 'tenant_roles':
        for (let i = 1; i <= shape.roles; i++) {
          const perms = Array.from({ length: 2 + Math.floor(r() * 6) }, () =>
            r() < 0.2 ? `${pick(MODULES)}.*` : `${pick(MODULES)}.${pick(ENTITIES)}.${pick(ACTIONS)}`,
          );
          yield `${t}\trole-${pick(MODULES)}-${pick(ROLE_KINDS)}-${i}\t{${perms.join(',')}}\t${ts()}`;
        }
        return;
      case 'tenant_configs':
        for (let i = 1; i <= shape.configs; i++) {
          const kind = Math.floor(r() * 3);
          const value = kind === 0 ? String(r() < 0.5) : kind === 1 ? String(Math.floor(r() * 500)) : pick(LOCALES);
          yield `${t}\tfeature.${pick(ENTITIES)}.setting-${i}\t${value}\t${ts()}`;
        }
        return;
      case 'tenant_user_status':
        for (let i = 1; i <= shape.users; i++) yield `${t}\t${userId(i)}\t${pick(STATUSES)}\t${ts()}`;
        return;
      case 'tenant_user_profiles': {
        const domain = `${pick(p.domainWords)}-${tenantId}.example.com`;
        for (let i = 1; i <= shape.profiles; i++) {
          const first = pick(p.firstNames);
          const last = pick(p.lastNames);
          const email = `${first}.${last}.${i}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
          const preferences = {
            theme: pick(THEMES),
            locale: pick(LOCALES),
            timezone: pick(p.timezones),
            notifications: { email: r() < 0.8, push: r() < 0.5, sms: r() < 0.1, digest: pick(['daily', 'weekly', 'never']) },
            dashboard: {
              layout: pick(['grid', 'list', 'compact']),
              widgets: Array.from({ length: 2 + Math.floor(r() * 5) }, () => pick(WIDGETS)),
            },
            recentSearches: Array.from({ length: Math.floor(r() * 4) }, () => pick(p.searchTerms)),
          };
          const avatar = `https://cdn.example.com/avatars/${tenantId}/${userId(i)}.png?v=${Math.floor(r() * 1e6)}&size=128`;
          yield [t, userId(i), email, `${first} ${last}`, pick(p.departments), pick(p.jobTitles), avatar, JSON.stringify(preferences)]
            .map(copyField)
            .join('\t');
        }
        return;
      }
      case 'tenant_hierarchy': {
        const ids = ['org-main'];
        yield `${t}\torg-main\t${pick(p.departments)} Group\t\\N\torg-main\t{}`;
        const parents = new Map<string, string>([['org-main', 'org-main']]);
        const children = new Map<string, string[]>([['org-main', []]]);
        const rows: string[] = [];
        for (let i = 1; i < shape.hierarchy; i++) {
          const parent = ids[Math.floor(r() * ids.length)]!;
          const dept = pick(p.departments);
          const id = `${parent === 'org-main' ? 'dept' : 'team'}-${dept.toLowerCase().replace(/[^a-z]/g, '')}-${i}`;
          const path = `${parents.get(parent)}.${id}`;
          ids.push(id);
          parents.set(id, path);
          children.set(id, []);
          children.get(parent)!.push(id);
          rows.push(id, parent, `${dept} ${parent === 'org-main' ? 'Department' : 'Team'}`, path);
        }
        for (let i = 0; i < rows.length; i += 4) {
          const [id, parent, name, path] = rows.slice(i, i + 4) as [string, string, string, string];
          yield `${t}\t${id}\t${name}\t${parent}\t${path}\t{${children.get(id)!.join(',')}}`;
        }
        // org-main's children are known only now: the seeder fixes them with an UPDATE.
        return;
      }
      case 'tenant_audit_logs':
        for (let i = 1; i <= shape.auditLogs; i++) {
          yield `${t}\t${i}\t${code()}\t${userId(1 + Math.floor(r() * shape.users))}\t${pick(ENTITIES).slice(0, -1)}-${Math.floor(r() * 100_000)}\t${ts()}`;
        }
        return;
    }
  }
}

/**
 * Creates the tables if needed and seeds tenants up to `tenants` (only the missing ones).
 * Tables go to the first schema of the connection's `search_path` (tests use their own schema).
 */
export async function seedTenantsDataset(client: pg.ClientBase, options: SeedTenantsOptions): Promise<SeedTenantsResult> {
  const { tenants } = options;
  if (!Number.isInteger(tenants) || tenants < 1) throw new TypeError(`tenants must be an integer ≥ 1, got ${String(tenants)}`);
  const log = options.log ?? (() => {});
  const dataset: TenantsDataset = { tenants, version: TENANTS_DATASET_VERSION };
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  let from = 1;
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('heapgate:tenants-dataset'))`);
    for (const sql of TENANTS_SCHEMA_SQL) await client.query(sql);
    const existing = await client.query<{ rows: number }>('SELECT rows FROM heapgate_seeds WHERE key = $1', [MARKER_KEY]);
    const seeded = existing.rows[0]?.rows ?? 0;
    if (seeded >= tenants) {
      await client.query('COMMIT');
      log(
        `tenants: reusing tenants 1…${tenants.toLocaleString('en-US')} (${seeded.toLocaleString('en-US')} seeded, v${TENANTS_DATASET_VERSION})`,
      );
      return { rowsWritten: 0, bytesWritten: 0, dataset };
    }
    if (seeded === 0) {
      // No current marker: whatever is in the tables is from another generator version.
      await client.query(`TRUNCATE ${TENANT_TABLES.join(', ')}`);
      await client.query(`DELETE FROM heapgate_seeds WHERE key LIKE 'tenants/%'`);
    }
    from = seeded + 1;
    const generator = new TenantRows(buildPools());
    for (let chunk = from; chunk <= tenants; chunk += TENANTS_PER_CHUNK) {
      const last = Math.min(tenants, chunk + TENANTS_PER_CHUNK - 1);
      for (const table of TENANT_TABLES) {
        const columns = COPY_COLUMNS[table];
        const stats = await copyRows(
          client,
          `COPY ${table} (${columns}) FROM STDIN`,
          (function* () {
            for (let id = chunk; id <= last; id++) yield* generator.lines(table, id);
          })(),
        );
        rows += stats.rows;
        bytes += stats.bytes;
      }
      log(`tenants: seeded tenants ${chunk.toLocaleString('en-US')}…${last.toLocaleString('en-US')}`);
    }
    // The root entity's children, now that every entity exists.
    await client.query(
      `UPDATE tenant_hierarchy h SET children = coalesce((SELECT array_agg(c.entity_id ORDER BY c.entity_id) FROM tenant_hierarchy c
         WHERE c.tenant_id = h.tenant_id AND c.parent_entity_id = 'org-main'), '{}')
       WHERE h.entity_id = 'org-main' AND h.tenant_id >= $1`,
      [from],
    );
    await client.query(
      `INSERT INTO heapgate_seeds (key, rows) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET rows = EXCLUDED.rows, created_at = now()`,
      [MARKER_KEY, tenants],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  const loadedMs = performance.now() - started;
  await client.query(`VACUUM (ANALYZE) ${TENANT_TABLES.join(', ')}`);
  const totalMs = performance.now() - started;
  log(
    `tenants: seeded tenants ${from.toLocaleString('en-US')}…${tenants.toLocaleString('en-US')}: ${rows.toLocaleString('en-US')} rows, ` +
      `${(bytes / 1e6).toFixed(1)} MB in ${(totalMs / 1000).toFixed(1)} s (${Math.round(rows / (loadedMs / 1000)).toLocaleString('en-US')} rows/s loading)`,
  );
  return { rowsWritten: rows, bytesWritten: bytes, dataset };
}

const COPY_COLUMNS: Readonly<Record<(typeof TENANT_TABLES)[number], string>> = {
  tenant_credit_costs: 'tenant_id, operation_code, cost, updated_at',
  tenant_roles: 'tenant_id, role_id, permissions, updated_at',
  tenant_configs: 'tenant_id, config_key, value, updated_at',
  tenant_user_status: 'tenant_id, user_id, status, updated_at',
  tenant_user_profiles: 'tenant_id, user_id, email, name, department, role, avatar, preferences',
  tenant_hierarchy: 'tenant_id, entity_id, entity_name, parent_entity_id, hierarchy_path, children',
  tenant_audit_logs: 'tenant_id, id, action, actor_id, target, at',
};
