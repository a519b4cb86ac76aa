/**
 * Calendar sync (seed 001 §"Calendar Sync (Streaming)"), after Google's sync guide
 * (https://developers.google.com/calendar/api/guides/sync): events into PostgreSQL one page at
 * a time, the breaker checked before every page, one upsert per page, cancelled events
 * deleted, and after the last page commits a full sync's sweep plus the new `nextSyncToken`.
 * A stored token makes the sync incremental; **410 Gone** means the token is no longer valid:
 * the local copy is wiped (with the token) and the calendar synced fully, as the guide says.
 * Pages are requested at 250 events, the API's default.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { MemoryCircuitBreaker } from '../memory/memory-circuit-breaker.js';
import type { CalendarApiClient } from './calendar-api-client.js';
import { writeEventPage } from './event-page-write.js';
import { eventRowOf, type EventRow } from './event-row.js';
import { GoogleApiError } from './google-api-error.js';
import { inTransaction } from './in-transaction.js';
import { lastWinsByKey } from './last-wins-by-key.js';
import { deleteSyncToken, readSyncToken, writeSyncToken } from './sync-token-store.js';

/** The `sync_tokens.resource` of one calendar. */
export function calendarSyncResource(calendarId: string): string {
  return `google-calendar:${calendarId}`;
}

/** Options of {@link syncCalendar}. */
export interface CalendarSyncOptions {
  readonly api: CalendarApiClient;
  /** One connection for the whole sync (the caller opens and ends it). */
  readonly client: pg.ClientBase;
  readonly userId: string;
  /** @default 'primary' */
  readonly calendarId?: string;
  /** Events per page, 1–2500. @default 250 (the API's default) */
  readonly maxResults?: number;
  /** Checked before every page. @default a new MemoryCircuitBreaker() */
  readonly breaker?: MemoryCircuitBreaker;
  /** Ignore a stored token and sync fully. @default false */
  readonly full?: boolean;
}

/** What a calendar sync did. Counts are events. */
export interface CalendarSyncResult {
  readonly mode: 'full' | 'incremental';
  /** 1 when the API answered 410 Gone and the calendar was wiped and synced fully. */
  readonly wipes: number;
  /** Rows removed by that wipe. */
  readonly wipedEvents: number;
  readonly pages: number;
  readonly upserted: number;
  /** Deleted because the API returned them cancelled. */
  readonly deleted: number;
  /** Removed after a full sync because the source no longer has them. */
  readonly swept: number;
  readonly duplicatesDropped: number;
  readonly largestPage: number;
  readonly tokenStored: boolean;
}

/** One API page reduced to what the write needs. */
interface EventPageRows {
  readonly rows: EventRow[];
  readonly cancelledIds: string[];
  readonly received: number;
  readonly duplicatesDropped: number;
  readonly nextPageToken: string | undefined;
  readonly nextSyncToken: string | undefined;
}

/** Fetches one page and flattens it; the parsed page goes out of scope when this returns. */
async function readEventPage(api: CalendarApiClient, params: Parameters<CalendarApiClient['listEvents']>[0]): Promise<EventPageRows> {
  const page = await api.listEvents(params);
  const live: EventRow[] = [];
  const cancelled = new Set<string>();
  for (const event of page.items) {
    if (event.status === 'cancelled') cancelled.add(event.id);
    else live.push(eventRowOf(event));
  }
  const unique = lastWinsByKey(live, (r) => r.eventId);
  return {
    rows: unique.items,
    cancelledIds: [...cancelled],
    received: page.items.length,
    duplicatesDropped: unique.dropped + (page.items.length - live.length - cancelled.size),
    nextPageToken: page.nextPageToken,
    nextSyncToken: page.nextSyncToken,
  };
}

type Totals = { -readonly [K in keyof CalendarSyncResult]: CalendarSyncResult[K] };

/** Syncs one calendar of `userId` from `api` into `client`'s database. */
export async function syncCalendar(options: CalendarSyncOptions): Promise<CalendarSyncResult> {
  const calendarId = options.calendarId ?? 'primary';
  const resource = calendarSyncResource(calendarId);
  const breaker = options.breaker ?? new MemoryCircuitBreaker();
  const stored = options.full ? undefined : await readSyncToken(options.client, options.userId, resource);
  try {
    return await syncOnce(options, calendarId, breaker, stored, { wipes: 0, wipedEvents: 0 });
  } catch (err) {
    if (stored === undefined || !(err instanceof GoogleApiError) || err.code !== 'HEAPGATE_SYNC_TOKEN_EXPIRED') throw err;
    const wipedEvents = await inTransaction(options.client, async () => {
      const wiped = await options.client.query('DELETE FROM synced_calendar_events WHERE user_id = $1 AND calendar_id = $2', [
        options.userId,
        calendarId,
      ]);
      await deleteSyncToken(options.client, options.userId, resource);
      return wiped.rowCount ?? 0;
    });
    return syncOnce(options, calendarId, breaker, undefined, { wipes: 1, wipedEvents });
  }
}

async function syncOnce(
  options: CalendarSyncOptions,
  calendarId: string,
  breaker: MemoryCircuitBreaker,
  syncToken: string | undefined,
  wipe: { wipes: number; wipedEvents: number },
): Promise<CalendarSyncResult> {
  const { api, client, userId } = options;
  const syncId = randomUUID();
  const totals: Totals = {
    mode: syncToken === undefined ? 'full' : 'incremental',
    ...wipe,
    pages: 0,
    upserted: 0,
    deleted: 0,
    swept: 0,
    duplicatesDropped: 0,
    largestPage: 0,
    tokenStored: false,
  };
  let pageToken: string | undefined;
  let nextSyncToken: string | undefined;
  do {
    await breaker.checkMemory();
    const page = await readEventPage(api, { calendarId, maxResults: options.maxResults ?? 250, pageToken, syncToken });
    // Only the rows cross the write's round trip (see contact-sync.ts).
    const written = await writeEventPage(client, userId, calendarId, syncId, page.rows, page.cancelledIds);
    totals.pages++;
    totals.upserted += written.upserted;
    totals.deleted += written.deleted;
    totals.duplicatesDropped += page.duplicatesDropped;
    totals.largestPage = Math.max(totals.largestPage, page.received);
    pageToken = page.nextPageToken;
    nextSyncToken = page.nextSyncToken;
  } while (pageToken);
  await inTransaction(client, async () => {
    if (totals.mode === 'full') {
      const swept = await client.query(
        'DELETE FROM synced_calendar_events WHERE user_id = $1 AND calendar_id = $2 AND sync_id <> $3::uuid',
        [userId, calendarId, syncId],
      );
      totals.swept = swept.rowCount ?? 0;
    }
    if (nextSyncToken) {
      await writeSyncToken(client, userId, calendarSyncResource(calendarId), nextSyncToken);
      totals.tokenStored = true;
    }
  });
  return totals;
}
