/**
 * Scenario `calendar-sync` (seed 001 §"Calendar Sync (Streaming)" and its "Performance
 * Characteristics" table; issue 13): one Google calendar synced into PostgreSQL from a
 * loopback fake of Calendar `events.list` (started by `fixtures` in the parent, outside the
 * measured child), 2,000 events by default.
 *
 * - `before`: every page fetched into one array, then one upsert per event.
 * - `after`: pages of 250 (the API's default), breaker check per page, one `unnest` upsert per
 *   page, cancelled events deleted, sync token stored after the last page commits.
 * - `after-incremental`: with a stored token after 5 % of the events changed, 1 % were deleted
 *   and 1 % added (the full sync before it runs in setup, unmeasured).
 * - `after-gone`: the same changes, then the token expires: the API answers **410 Gone**, the
 *   sync wipes the calendar and syncs it fully.
 *
 * `rowDifference` is the synced row count minus the source's: every variant must end at 0.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { changeFakeAccount, expireFakeSyncTokens } from '../../reference-impl/api-fakes/fake-api-control.js';
import { MemoryCircuitBreaker } from '../../reference-impl/memory/memory-circuit-breaker.js';
import { CalendarApiClient } from '../../reference-impl/sync/calendar-api-client.js';
import { calendarSyncResource, type CalendarSyncResult, syncCalendar } from '../../reference-impl/sync/calendar-sync.js';
import { syncCalendarNaive } from '../../reference-impl/sync/calendar-sync-naive.js';
import { writeEventPage } from '../../reference-impl/sync/event-page-write.js';
import { eventRowOf } from '../../reference-impl/sync/event-row.js';
import { deleteSyncToken } from '../../reference-impl/sync/sync-token-store.js';
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
const BASE_ACCOUNT = 'calendar-sync-base';
const CALENDAR_ID = 'primary';

/** The changes the incremental variants apply for `records` events (5 % updated, 1 % deleted, 1 % added; at least one each). */
export function eventChangesFor(records: number): { updated: number; deleted: number; added: number } {
  return {
    updated: Math.max(1, Math.round(records * 0.05)),
    deleted: Math.max(1, Math.round(records * 0.01)),
    added: Math.max(1, Math.round(records * 0.01)),
  };
}

interface SyncState {
  readonly client: pg.Client;
  readonly api: CalendarApiClient;
  readonly userId: string;
  readonly expectedRows: number;
}

function calendarApiUrlOf(ctx: RunContext): string {
  const f = ctx.fixtures as { calendarApiUrl?: unknown } | null;
  if (!f || typeof f.calendarApiUrl !== 'string')
    throw new Error('calendar-sync: ctx.fixtures has no calendarApiUrl (did fixtures() run?)');
  return f.calendarApiUrl;
}

/** Unmeasured: a connection, this variant's rows and token removed, the write path compiled. */
async function openState(ctx: RunContext, account: string, expectedRows: number): Promise<SyncState> {
  const postgres = ctx.services.postgres;
  if (!postgres) throw new Error('calendar-sync: needs the postgres service');
  const client = new pg.Client({ connectionString: postgres.connectionString });
  await client.connect();
  const userId = `calendar-sync:${ctx.variant}`;
  await client.query('DELETE FROM synced_calendar_events WHERE user_id = $1', [userId]);
  await deleteSyncToken(client, userId, calendarSyncResource(CALENDAR_ID));
  const api = new CalendarApiClient({ baseUrl: calendarApiUrlOf(ctx), accessToken: account });
  const warm = await api.listEvents({ calendarId: CALENDAR_ID, maxResults: 5 });
  const warmUser = `${userId}:warm-up`;
  await writeEventPage(client, warmUser, CALENDAR_ID, randomUUID(), warm.items.map(eventRowOf), []);
  await client.query('DELETE FROM synced_calendar_events WHERE user_id = $1', [warmUser]);
  return { client, api, userId, expectedRows };
}

async function countersOf(state: SyncState, result: CalendarSyncResult): Promise<Record<string, number>> {
  const { rows } = await state.client.query<{ n: string }>('SELECT count(*) AS n FROM synced_calendar_events WHERE user_id = $1', [
    state.userId,
  ]);
  const localRows = Number(rows[0]!.n);
  const stats = state.api.stats;
  return {
    pages: result.pages,
    upserted: result.upserted,
    deleted: result.deleted,
    swept: result.swept,
    wipes: result.wipes,
    wipedEvents: result.wipedEvents,
    duplicatesDropped: result.duplicatesDropped,
    largestPage: result.largestPage,
    incremental: result.mode === 'incremental' ? 1 : 0,
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

const streamed = (state: SyncState) =>
  syncCalendar({
    api: state.api,
    client: state.client,
    userId: state.userId,
    calendarId: CALENDAR_ID,
    breaker: new MemoryCircuitBreaker({ enableLogging: false }),
  });

const before: VariantDefinition<SyncState> = {
  summary: 'Every page fetched into one array, then one upsert per event (seed 001 before)',
  setup: (ctx) => openState(ctx, BASE_ACCOUNT, ctx.records),
  async run(_ctx, state) {
    return countersOf(
      state,
      await syncCalendarNaive({ api: state.api, client: state.client, userId: state.userId, calendarId: CALENDAR_ID }),
    );
  },
  teardown,
};

const after: VariantDefinition<SyncState> = {
  summary: 'Pages of 250, breaker check per page, one unnest upsert per page, token after the last commit',
  setup: (ctx) => openState(ctx, BASE_ACCOUNT, ctx.records),
  run: async (_ctx, state) => countersOf(state, await streamed(state)),
  teardown,
};

function changedVariant(summary: string, expire: boolean): VariantDefinition<SyncState> {
  return {
    summary,
    async setup(ctx) {
      const account = `${ctx.variant}-${ctx.repeat}-${randomUUID().slice(0, 8)}`;
      const changes = eventChangesFor(ctx.records);
      const state = await openState(ctx, account, ctx.records - changes.deleted + changes.added);
      await syncCalendar({ api: state.api, client: state.client, userId: state.userId, calendarId: CALENDAR_ID });
      const url = calendarApiUrlOf(ctx);
      await changeFakeAccount(url, account, changes);
      if (expire) await expireFakeSyncTokens(url, account);
      return state;
    },
    run: async (_ctx, state) => countersOf(state, await streamed(state)),
    teardown,
  };
}

export default defineScenario({
  name: 'calendar-sync',
  summary:
    'Google Calendar events → PostgreSQL from a loopback events.list: accumulate + row-by-row vs streamed pages with unnest upserts (seed 001)',
  source: 'seed 001 §Calendar Sync (Streaming), §Performance Characteristics; issue 13',
  defaultRecords: 2000,
  sweep: [2000, 10_000, 100_000],
  services: ['postgres'],
  async seed(ctx: SeedContext): Promise<SeedResult> {
    const { createSyncSchema } = await import('../../reference-impl/sync/sync-schema.js');
    await withPostgresClient(ctx.services, 'calendar-sync', createSyncSchema);
    return { rowsWritten: 0, dataset: { records: ctx.records } };
  },
  async fixtures(ctx: FixtureContext): Promise<Fixtures> {
    const { startFakeCalendarApi } = await import('../../reference-impl/api-fakes/fake-calendar-api.js');
    const api = await startFakeCalendarApi({ records: ctx.records });
    ctx.log(`calendar-sync: fake Calendar API with ${ctx.records} events per account on ${api.url}`);
    return { values: { calendarApiUrl: api.url }, stop: () => api.close() };
  },
  variants: {
    before,
    after,
    'after-incremental': changedVariant('The streamed sync with a stored token after 5 % updated, 1 % deleted, 1 % added', false),
    'after-gone': changedVariant('The same changes, token expired: 410 Gone, calendar wiped and synced fully', true),
  },
  targets: [
    {
      variant: 'before',
      records: 2000,
      metric: 'heapDeltaBytes',
      min: 15 * MIB,
      max: 20 * MIB,
      source: `${SEED_TABLE}: Calendar Sync (2,000 events) 15–20 MB before`,
    },
    {
      variant: 'after',
      records: 2000,
      metric: 'heapDeltaBytes',
      max: 8 * MIB,
      source: `${SEED_TABLE}: Calendar Sync (2,000 events) 5–8 MB after`,
    },
    { variant: 'before', records: 2000, metric: 'durationMs', max: 7000, source: `${SEED_TIME_TABLE}: Calendar Sync 5–7 s before` },
    { variant: 'after', records: 2000, metric: 'durationMs', max: 8000, source: `${SEED_TIME_TABLE}: Calendar Sync 5–8 s after` },
    ...['before', 'after', 'after-incremental', 'after-gone'].map((variant) => ({
      variant,
      metric: 'counters.rowDifference' as const,
      min: 0,
      max: 0,
      source: 'issue 13: a sync ends with exactly the source’s events',
    })),
    { variant: 'after-gone', metric: 'counters.wipes', min: 1, max: 1, source: 'issue 13: 410 Gone → wipe and full sync' },
  ],
  budgets: [
    // Page-bounded: what is live must not grow with the data (issue 13, sweep up to 100,000).
    // Peak heap Δ is not in the growth budget: page texts are large strings, allocated in V8's
    // large-object space and freed only by a major GC, which V8 puts off while the heap has room
    // (README "Sync flows": peak Δ rises over the sweep, stays flat under --max-heap 48).
    { variant: 'after', growth: 'constant', suites: ['sweep'] },
    { variant: 'after', records: 2000, thresholds: { heapDeltaBytes: '<8MB' }, suites: ['sweep'] },
    { variant: 'after-gone', growth: 'constant', suites: ['sweep'] },
  ],
  counters: {
    upserted: { label: 'upserted', unit: 'count', key: true },
    pages: { label: 'pages', unit: 'count', key: true },
    largestPage: { label: 'held at once', unit: 'count', key: true },
    rowDifference: { label: 'rows vs source', unit: 'count', key: true },
    wipes: { label: '410 wipes', unit: 'count', key: true },
    wipedEvents: { label: 'wiped', unit: 'count' },
    deleted: { label: 'deleted', unit: 'count' },
    swept: { label: 'swept', unit: 'count' },
    duplicatesDropped: { label: 'duplicates dropped', unit: 'count' },
    incremental: { label: 'incremental (1 = yes)', unit: 'count' },
    tokenStored: { label: 'token stored (1 = yes)', unit: 'count' },
    apiRetries: { label: 'API retries', unit: 'count' },
    rateLimited: { label: '429s honoured', unit: 'count' },
    localRows: { label: 'rows synced', unit: 'count' },
  },
});
