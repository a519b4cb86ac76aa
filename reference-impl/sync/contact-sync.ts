/**
 * Contact sync, seed 001 §"Contact Sync Flow (Memory-Optimized)": Google contacts into
 * PostgreSQL one page at a time, never the whole address book in memory.
 *
 * 1. The breaker is checked before every page (seed 001 §1): a heap that is too full stops
 *    the sync with a catchable error; the pages already committed stay.
 * 2. A page of 500 (seed 001: "Request page of 500 contacts") is processed at once: live
 *    contacts deduplicated and upserted in one statement, memberships replaced, deleted ones
 *    removed, all in one transaction ({@link writeContactPage}). Nothing of the page is kept.
 * 3. After the last page commits: a full sync removes what it did not see (rows whose
 *    `sync_id` is not this run's), then the `nextSyncToken` is stored. A sync that fails
 *    midway therefore never advances the token, and the next run repeats the changes
 *    (idempotent upserts) rather than losing them.
 *
 * With a stored token the sync is incremental (only changed and deleted contacts). When the
 * API says the token expired (400 `EXPIRED_SYNC_TOKEN`), the sync starts over as a full one,
 * as Google instructs (https://developers.google.com/people/api/rest/v1/people.connections/list).
 *
 * Seed 001 also forces a GC after each batch; this does not: `global.gc` exists only under
 * --expose-gc, and a full mark-compact per page costs more than it saves (see
 * scenarios/suggestions/index.ts).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { MemoryCircuitBreaker } from '../memory/memory-circuit-breaker.js';
import { contactRowOf, type ContactRow } from './contact-row.js';
import { writeContactPage } from './contact-page-write.js';
import { GoogleApiError } from './google-api-error.js';
import { inTransaction } from './in-transaction.js';
import { lastWinsByKey } from './last-wins-by-key.js';
import type { PeopleApiClient } from './people-api-client.js';
import { readSyncToken, writeSyncToken } from './sync-token-store.js';

/** The `sync_tokens.resource` of a user's Google contacts. */
export const CONTACTS_SYNC_RESOURCE = 'google-contacts';

/** Options of {@link syncContacts}. */
export interface ContactSyncOptions {
  readonly api: PeopleApiClient;
  /** One connection, used for the whole sync (the caller opens and ends it). */
  readonly client: pg.ClientBase;
  readonly userId: string;
  /** Contacts per API page, 1–1000. @default 500 (seed 001) */
  readonly pageSize?: number;
  /** Checked before every page. @default a new MemoryCircuitBreaker() (80 % of the heap limit) */
  readonly breaker?: MemoryCircuitBreaker;
  /** Ignore a stored token and sync fully. @default false */
  readonly full?: boolean;
}

/** What a sync did. Counts are contacts unless named otherwise. */
export interface ContactSyncResult {
  /** How the sync that completed ran (`full` after an expired-token fallback). */
  readonly mode: 'full' | 'incremental';
  /** 1 when a stored token had expired and the sync restarted as a full one. */
  readonly expiredTokenFallbacks: number;
  readonly pages: number;
  readonly upserted: number;
  /** Deleted by tombstones of an incremental sync. */
  readonly deleted: number;
  /** Removed after a full sync because the source no longer has them. */
  readonly swept: number;
  readonly memberships: number;
  /** Repeats within a page, dropped before the upsert. */
  readonly duplicatesDropped: number;
  /** Most contacts one page held (the bound on what is in memory). */
  readonly largestPage: number;
  /** True when a new sync token was stored. */
  readonly tokenStored: boolean;
}

/** One API page reduced to what the write needs. */
interface ContactPageRows {
  readonly rows: ContactRow[];
  readonly deletedResourceNames: string[];
  readonly received: number;
  readonly duplicatesDropped: number;
  readonly nextPageToken: string | undefined;
  readonly nextSyncToken: string | undefined;
}

/** Fetches one page and flattens it; the parsed page goes out of scope when this returns. */
async function readContactPage(api: PeopleApiClient, params: Parameters<PeopleApiClient['listConnections']>[0]): Promise<ContactPageRows> {
  const page = await api.listConnections(params);
  const live: ContactRow[] = [];
  const gone = new Set<string>();
  for (const person of page.connections) {
    if (person.metadata?.deleted) gone.add(person.resourceName);
    else live.push(contactRowOf(person));
  }
  const unique = lastWinsByKey(live, (r) => r.resourceName);
  return {
    rows: unique.items,
    deletedResourceNames: [...gone],
    received: page.connections.length,
    duplicatesDropped: unique.dropped + (page.connections.length - live.length - gone.size),
    nextPageToken: page.nextPageToken,
    nextSyncToken: page.nextSyncToken,
  };
}

type Totals = { -readonly [K in keyof ContactSyncResult]: ContactSyncResult[K] };

/** Syncs `userId`'s contacts from `api` into `client`'s database. */
export async function syncContacts(options: ContactSyncOptions): Promise<ContactSyncResult> {
  const pageSize = options.pageSize ?? 500;
  const breaker = options.breaker ?? new MemoryCircuitBreaker();
  const stored = options.full ? undefined : await readSyncToken(options.client, options.userId, CONTACTS_SYNC_RESOURCE);
  try {
    return await syncOnce(options, pageSize, breaker, stored, 0);
  } catch (err) {
    if (stored === undefined || !(err instanceof GoogleApiError) || err.code !== 'HEAPGATE_SYNC_TOKEN_EXPIRED') throw err;
    return syncOnce(options, pageSize, breaker, undefined, 1);
  }
}

async function syncOnce(
  options: ContactSyncOptions,
  pageSize: number,
  breaker: MemoryCircuitBreaker,
  syncToken: string | undefined,
  expiredTokenFallbacks: number,
): Promise<ContactSyncResult> {
  const { api, client, userId } = options;
  const syncId = randomUUID();
  const totals: Totals = {
    mode: syncToken === undefined ? 'full' : 'incremental',
    expiredTokenFallbacks,
    pages: 0,
    upserted: 0,
    deleted: 0,
    swept: 0,
    memberships: 0,
    duplicatesDropped: 0,
    largestPage: 0,
    tokenStored: false,
  };
  let pageToken: string | undefined;
  let nextSyncToken: string | undefined;
  do {
    await breaker.checkMemory();
    const page = await readContactPage(api, { pageSize, pageToken, syncToken, requestSyncToken: true });
    // Only the rows cross the write's round trip; the parsed page is unreachable by then.
    const written = await writeContactPage(client, userId, syncId, page.rows, page.deletedResourceNames);
    totals.pages++;
    totals.upserted += written.upserted;
    totals.memberships += written.memberships;
    totals.deleted += written.deleted;
    totals.duplicatesDropped += page.duplicatesDropped;
    totals.largestPage = Math.max(totals.largestPage, page.received);
    pageToken = page.nextPageToken;
    nextSyncToken = page.nextSyncToken;
  } while (pageToken);
  // Only now, every page committed: sweep (full sync) and advance the token, together.
  await inTransaction(client, async () => {
    if (totals.mode === 'full') {
      const swept = await client.query('DELETE FROM synced_contacts WHERE user_id = $1 AND sync_id <> $2::uuid', [userId, syncId]);
      totals.swept = swept.rowCount ?? 0;
    }
    if (nextSyncToken) {
      await writeSyncToken(client, userId, CONTACTS_SYNC_RESOURCE, nextSyncToken);
      totals.tokenStored = true;
    }
  });
  return totals;
}
