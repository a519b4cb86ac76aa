/**
 * Scenario `contact-sync` (seed 001 §"Contact Sync Flow (Memory-Optimized)" and its
 * "Performance Characteristics" table; issue 13): a user's Google contacts synced into
 * PostgreSQL from a loopback fake of People `connections.list` (started by `fixtures` in the
 * parent, outside the measured child), 1,318 contacts by default.
 *
 * - `before`: every page fetched into one array, then one upsert (and membership statements)
 *   per contact (seed 001's starting point).
 * - `after`: seed 001's flow: pages of 500, breaker check per page, one `unnest` upsert per
 *   page, memberships and deletions applied, sync token stored after the last page commits.
 * - `after-incremental`: the same flow with a stored token, after 5 % of the contacts changed,
 *   1 % were deleted and 1 % added (the full sync before it runs in setup, unmeasured).
 * - `after-expired-token`: the same changes, then the token expires: the API answers 400
 *   `EXPIRED_SYNC_TOKEN` and the sync falls back to a full one that sweeps the deleted.
 *
 * Every variant checks its result: `rowDifference` is the synced row count minus the source's.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { changeFakeAccount, expireFakeSyncTokens } from '../../reference-impl/api-fakes/fake-api-control.js';
import { syncContacts } from '../../reference-impl/sync/contact-sync.js';
import { syncContactsNaive } from '../../reference-impl/sync/contact-sync-naive.js';
import type { ContactSyncResult } from '../../reference-impl/sync/contact-sync.js';
import { PeopleApiClient } from '../../reference-impl/sync/people-api-client.js';
import { deleteSyncToken } from '../../reference-impl/sync/sync-token-store.js';
import { writeContactPage } from '../../reference-impl/sync/contact-page-write.js';
import { contactRowOf } from '../../reference-impl/sync/contact-row.js';
import { MemoryCircuitBreaker } from '../../reference-impl/memory/memory-circuit-breaker.js';
import {
  defineScenario,
  type FixtureContext,
  type Fixtures,
  type RunContext,
  type SeedContext,
  type SeedResult,
  type VariantDefinition,
} from 'heapgate';
import { withPostgresClient } from '../datasets/with-postgres-client.js';

const MIB = 1024 * 1024;
const SEED_TABLE = 'seed 001 "Performance Characteristics" › Memory Usage Comparison';
const SEED_TIME_TABLE = 'seed 001 "Performance Characteristics" › Processing Time Impact';
/** The fake account every full-sync run reads: never changed, so every run sees the same contacts. */
const BASE_ACCOUNT = 'contact-sync-base';

/** The share of contacts the incremental variants change before syncing. */
export const CONTACT_CHANGES = Object.freeze({ updatedShare: 0.05, deletedShare: 0.01, addedShare: 0.01 });

/** The changes applied for `records` contacts (at least one of each). */
export function contactChangesFor(records: number): { updated: number; deleted: number; added: number } {
  return {
    updated: Math.max(1, Math.round(records * CONTACT_CHANGES.updatedShare)),
    deleted: Math.max(1, Math.round(records * CONTACT_CHANGES.deletedShare)),
    added: Math.max(1, Math.round(records * CONTACT_CHANGES.addedShare)),
  };
}

interface SyncState {
  readonly client: pg.Client;
  readonly api: PeopleApiClient;
  readonly userId: string;
  /** Rows the table must hold for this user once the sync is done. */
  readonly expectedRows: number;
}

function peopleApiUrlOf(ctx: RunContext): string {
  const f = ctx.fixtures as { peopleApiUrl?: unknown } | null;
  if (!f || typeof f.peopleApiUrl !== 'string') throw new Error('contact-sync: ctx.fixtures has no peopleApiUrl (did fixtures() run?)');
  return f.peopleApiUrl;
}

/** Unmeasured: a connection, this variant's rows and token removed, the write path compiled. */
async function openState(ctx: RunContext, account: string, expectedRows: number): Promise<SyncState> {
  const postgres = ctx.services.postgres;
  if (!postgres) throw new Error('contact-sync: needs the postgres service');
  const client = new pg.Client({ connectionString: postgres.connectionString });
  await client.connect();
  const userId = `contact-sync:${ctx.variant}`;
  await client.query('DELETE FROM synced_contacts WHERE user_id = $1', [userId]);
  await deleteSyncToken(client, userId, 'google-contacts');
  const api = new PeopleApiClient({ baseUrl: peopleApiUrlOf(ctx), accessToken: account });
  // One small page through the client and the page writer under a throwaway user: compiles
  // fetch, JSON and pg paths and warms the keep-alive connection before `run`.
  const warm = await api.listConnections({ pageSize: 5, requestSyncToken: false });
  const warmUser = `${userId}:warm-up`;
  await writeContactPage(client, warmUser, randomUUID(), warm.connections.map(contactRowOf), []);
  await client.query('DELETE FROM synced_contacts WHERE user_id = $1', [warmUser]);
  return { client, api, userId, expectedRows };
}

async function countersOf(state: SyncState, result: ContactSyncResult): Promise<Record<string, number>> {
  const { rows } = await state.client.query<{ n: string }>('SELECT count(*) AS n FROM synced_contacts WHERE user_id = $1', [state.userId]);
  const localRows = Number(rows[0]!.n);
  const stats = state.api.stats;
  return {
    pages: result.pages,
    upserted: result.upserted,
    deleted: result.deleted,
    swept: result.swept,
    memberships: result.memberships,
    duplicatesDropped: result.duplicatesDropped,
    largestPage: result.largestPage,
    incremental: result.mode === 'incremental' ? 1 : 0,
    expiredTokenFallbacks: result.expiredTokenFallbacks,
    tokenStored: result.tokenStored ? 1 : 0,
    apiRetries: stats.retries,
    rateLimited: stats.rateLimited,
    localRows,
    rowDifference: localRows - state.expectedRows,
  };
}

const teardown = async (_ctx: RunContext, state: SyncState) => {
  await state.client.end();
};

const before: VariantDefinition<SyncState> = {
  summary: 'Every page fetched into one array, then one upsert plus membership statements per contact (seed 001 before)',
  setup: (ctx) => openState(ctx, BASE_ACCOUNT, ctx.records),
  async run(_ctx, state) {
    return countersOf(state, await syncContactsNaive({ api: state.api, client: state.client, userId: state.userId }));
  },
  teardown,
};

const after: VariantDefinition<SyncState> = {
  summary: 'Pages of 500, breaker check per page, one unnest upsert per page, token after the last commit (seed 001 flow)',
  setup: (ctx) => openState(ctx, BASE_ACCOUNT, ctx.records),
  async run(_ctx, state) {
    // Created per sync, as seed 001 does per job; its trip reports would go to stderr, never stdout.
    const breaker = new MemoryCircuitBreaker({ enableLogging: false });
    return countersOf(state, await syncContacts({ api: state.api, client: state.client, userId: state.userId, breaker }));
  },
  teardown,
};

/** Setup of the incremental variants: a fresh fake account, a full sync, then the changes (and the expiry). */
function changedVariant(summary: string, expire: boolean): VariantDefinition<SyncState> {
  return {
    summary,
    async setup(ctx) {
      const account = `${ctx.variant}-${ctx.repeat}-${randomUUID().slice(0, 8)}`;
      const changes = contactChangesFor(ctx.records);
      const state = await openState(ctx, account, ctx.records - changes.deleted + changes.added);
      await syncContacts({ api: state.api, client: state.client, userId: state.userId });
      const url = peopleApiUrlOf(ctx);
      await changeFakeAccount(url, account, changes);
      if (expire) await expireFakeSyncTokens(url, account);
      return state;
    },
    async run(_ctx, state) {
      const breaker = new MemoryCircuitBreaker({ enableLogging: false });
      return countersOf(state, await syncContacts({ api: state.api, client: state.client, userId: state.userId, breaker }));
    },
    teardown,
  };
}

export default defineScenario({
  name: 'contact-sync',
  summary:
    'Google contacts → PostgreSQL from a loopback People API: accumulate + row-by-row vs streamed pages with unnest upserts (seed 001)',
  source: 'seed 001 §Contact Sync Flow (Memory-Optimized), §Performance Characteristics; issue 13',
  defaultRecords: 1318,
  sweep: [1318, 10_000, 100_000],
  services: ['postgres'],
  async seed(ctx: SeedContext): Promise<SeedResult> {
    // The source lives in the fake; the database only needs the tables.
    const { createSyncSchema } = await import('../../reference-impl/sync/sync-schema.js');
    await withPostgresClient(ctx.services, 'contact-sync', createSyncSchema);
    return { rowsWritten: 0, dataset: { records: ctx.records } };
  },
  async fixtures(ctx: FixtureContext): Promise<Fixtures> {
    const { startFakePeopleApi } = await import('../../reference-impl/api-fakes/fake-people-api.js');
    const api = await startFakePeopleApi({ records: ctx.records });
    ctx.log(`contact-sync: fake People API with ${ctx.records} contacts per account on ${api.url}`);
    return { values: { peopleApiUrl: api.url }, stop: () => api.close() };
  },
  variants: {
    before,
    after,
    'after-incremental': changedVariant('The seed 001 flow with a stored sync token after 5 % updated, 1 % deleted, 1 % added', false),
    'after-expired-token': changedVariant(
      'The same changes, token expired: 400 EXPIRED_SYNC_TOKEN, fallback to a full sync that sweeps',
      true,
    ),
  },
  targets: [
    {
      variant: 'before',
      records: 1318,
      metric: 'heapDeltaBytes',
      min: 25 * MIB,
      max: 35 * MIB,
      source: `${SEED_TABLE}: Contact Sync 25–35 MB before`,
    },
    // Only the ceiling is a promise (less memory is no failure), as for `suggestions`.
    { variant: 'after', records: 1318, metric: 'heapDeltaBytes', max: 12 * MIB, source: `${SEED_TABLE}: Contact Sync 8–12 MB after` },
    { variant: 'before', records: 1318, metric: 'durationMs', max: 4000, source: `${SEED_TIME_TABLE}: Contact Sync 3–4 s before` },
    { variant: 'after', records: 1318, metric: 'durationMs', max: 5000, source: `${SEED_TIME_TABLE}: Contact Sync 3–5 s after` },
    ...['before', 'after', 'after-incremental', 'after-expired-token'].map((variant) => ({
      variant,
      metric: 'counters.rowDifference' as const,
      min: 0,
      max: 0,
      source: 'issue 13: a sync ends with exactly the source’s contacts',
    })),
    {
      variant: 'after-expired-token',
      metric: 'counters.expiredTokenFallbacks',
      min: 1,
      max: 1,
      source: 'issue 13: expired token → full sync',
    },
  ],
  budgets: [
    // Page-bounded: what is live must not grow with the data (issue 13, sweep up to 100,000).
    // Peak heap Δ is not in the growth budget: page texts are large strings, allocated in V8's
    // large-object space and freed only by a major GC, which V8 puts off while the heap has room
    // (README "Sync flows": peak Δ rises over the sweep, stays flat under --max-heap 48).
    { variant: 'after', growth: 'constant', suites: ['sweep'] },
    { variant: 'after', records: 1318, thresholds: { heapDeltaBytes: '<12MB' }, suites: ['sweep'] },
    { variant: 'after-expired-token', growth: 'constant', suites: ['sweep'] },
  ],
  counters: {
    upserted: { label: 'upserted', unit: 'count', key: true },
    pages: { label: 'pages', unit: 'count', key: true },
    largestPage: { label: 'held at once', unit: 'count', key: true },
    rowDifference: { label: 'rows vs source', unit: 'count', key: true },
    expiredTokenFallbacks: { label: 'expired-token fallbacks', unit: 'count', key: true },
    deleted: { label: 'deleted', unit: 'count' },
    swept: { label: 'swept', unit: 'count' },
    memberships: { label: 'memberships', unit: 'count' },
    duplicatesDropped: { label: 'duplicates dropped', unit: 'count' },
    incremental: { label: 'incremental (1 = yes)', unit: 'count' },
    tokenStored: { label: 'token stored (1 = yes)', unit: 'count' },
    apiRetries: { label: 'API retries', unit: 'count' },
    rateLimited: { label: '429s honoured', unit: 'count' },
    localRows: { label: 'rows synced', unit: 'count' },
  },
});
