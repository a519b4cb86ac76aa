/**
 * The naive twin of {@link syncCalendar} (seed 001's "before"): every page fetched into one
 * array, then one statement per event; a full sync's removals by `NOT (… = ANY(all ids))`.
 * Same rows at the end; memory grows with the calendar.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CalendarApiClient, CalendarEvent } from './calendar-api-client.js';
import { calendarSyncResource, type CalendarSyncResult } from './calendar-sync.js';
import { eventRowOf } from './event-row.js';
import { GoogleApiError } from './google-api-error.js';
import { deleteSyncToken, readSyncToken, writeSyncToken } from './sync-token-store.js';

/** Options of {@link syncCalendarNaive} (those of `syncCalendar` without the breaker). */
export interface CalendarSyncNaiveOptions {
  readonly api: CalendarApiClient;
  readonly client: pg.ClientBase;
  readonly userId: string;
  /** @default 'primary' */
  readonly calendarId?: string;
  /** @default 250 */
  readonly maxResults?: number;
  /** @default false */
  readonly full?: boolean;
}

const UPSERT_ONE = `
  INSERT INTO synced_calendar_events
    (user_id, calendar_id, event_id, etag, status, summary, description, location, starts_at, ends_at, all_day,
     time_zone, organizer_email, attendees, source_updated_at, sync_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16::uuid)
  ON CONFLICT (user_id, calendar_id, event_id) DO UPDATE SET
    etag = EXCLUDED.etag, status = EXCLUDED.status, summary = EXCLUDED.summary, description = EXCLUDED.description,
    location = EXCLUDED.location, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, all_day = EXCLUDED.all_day,
    time_zone = EXCLUDED.time_zone, organizer_email = EXCLUDED.organizer_email, attendees = EXCLUDED.attendees,
    source_updated_at = EXCLUDED.source_updated_at, sync_id = EXCLUDED.sync_id, synced_at = now()`;

async function fetchAll(options: CalendarSyncNaiveOptions, calendarId: string, syncToken: string | undefined) {
  const events: CalendarEvent[] = [];
  let pages = 0;
  let pageToken: string | undefined;
  let nextSyncToken: string | undefined;
  do {
    const page = await options.api.listEvents({ calendarId, maxResults: options.maxResults ?? 250, pageToken, syncToken });
    events.push(...page.items);
    pages++;
    pageToken = page.nextPageToken;
    nextSyncToken = page.nextSyncToken;
  } while (pageToken);
  return { events, pages, nextSyncToken };
}

/** Syncs one calendar, holding all of its events at once. */
export async function syncCalendarNaive(options: CalendarSyncNaiveOptions): Promise<CalendarSyncResult> {
  const { client, userId } = options;
  const calendarId = options.calendarId ?? 'primary';
  const resource = calendarSyncResource(calendarId);
  let syncToken = options.full ? undefined : await readSyncToken(client, userId, resource);
  let wipes = 0;
  let wipedEvents = 0;
  let fetched: Awaited<ReturnType<typeof fetchAll>>;
  try {
    fetched = await fetchAll(options, calendarId, syncToken);
  } catch (err) {
    if (syncToken === undefined || !(err instanceof GoogleApiError) || err.code !== 'HEAPGATE_SYNC_TOKEN_EXPIRED') throw err;
    wipedEvents =
      (await client.query('DELETE FROM synced_calendar_events WHERE user_id = $1 AND calendar_id = $2', [userId, calendarId])).rowCount ??
      0;
    await deleteSyncToken(client, userId, resource);
    wipes = 1;
    syncToken = undefined;
    fetched = await fetchAll(options, calendarId, undefined);
  }
  const syncId = randomUUID();
  let upserted = 0;
  let deleted = 0;
  for (const event of fetched.events) {
    if (event.status === 'cancelled') {
      deleted +=
        (
          await client.query('DELETE FROM synced_calendar_events WHERE user_id = $1 AND calendar_id = $2 AND event_id = $3', [
            userId,
            calendarId,
            event.id,
          ])
        ).rowCount ?? 0;
      continue;
    }
    const r = eventRowOf(event);
    await client.query(UPSERT_ONE, [
      userId,
      calendarId,
      r.eventId,
      r.etag,
      r.status,
      r.summary,
      r.description,
      r.location,
      r.startsAt,
      r.endsAt,
      r.allDay,
      r.timeZone,
      r.organizerEmail,
      r.attendees,
      r.sourceUpdatedAt,
      syncId,
    ]);
    upserted++;
  }
  let swept = 0;
  if (syncToken === undefined) {
    const seen = fetched.events.map((e) => e.id);
    swept =
      (
        await client.query(
          'DELETE FROM synced_calendar_events WHERE user_id = $1 AND calendar_id = $2 AND NOT (event_id = ANY($3::text[]))',
          [userId, calendarId, seen],
        )
      ).rowCount ?? 0;
  }
  if (fetched.nextSyncToken) await writeSyncToken(client, userId, resource, fetched.nextSyncToken);
  return {
    mode: syncToken === undefined ? 'full' : 'incremental',
    wipes,
    wipedEvents,
    pages: fetched.pages,
    upserted,
    deleted,
    swept,
    duplicatesDropped: 0,
    largestPage: fetched.events.length,
    tokenStored: fetched.nextSyncToken !== undefined,
  };
}
