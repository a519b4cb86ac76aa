/**
 * One page of a calendar sync written in one transaction: live events upserted by a single
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT … DO UPDATE`, cancelled ones deleted by one
 * `DELETE … = ANY(…)` (see contact-page-write.ts for why one statement per page).
 */
import type pg from 'pg';
import type { EventRow } from './event-row.js';
import { inTransaction } from './in-transaction.js';

const UPSERT_EVENTS = `
  INSERT INTO synced_calendar_events
    (user_id, calendar_id, event_id, etag, status, summary, description, location, starts_at, ends_at, all_day,
     time_zone, organizer_email, attendees, source_updated_at, sync_id)
  SELECT $1, $2, e.event_id, e.etag, e.status, e.summary, e.description, e.location, e.starts_at, e.ends_at, e.all_day,
         e.time_zone, e.organizer_email, e.attendees, e.source_updated_at, $3::uuid
  FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[],
              $12::boolean[], $13::text[], $14::text[], $15::jsonb[], $16::timestamptz[])
    AS e (event_id, etag, status, summary, description, location, starts_at, ends_at, all_day, time_zone, organizer_email, attendees, source_updated_at)
  ON CONFLICT (user_id, calendar_id, event_id) DO UPDATE SET
    etag = EXCLUDED.etag, status = EXCLUDED.status, summary = EXCLUDED.summary, description = EXCLUDED.description,
    location = EXCLUDED.location, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, all_day = EXCLUDED.all_day,
    time_zone = EXCLUDED.time_zone, organizer_email = EXCLUDED.organizer_email, attendees = EXCLUDED.attendees,
    source_updated_at = EXCLUDED.source_updated_at, sync_id = EXCLUDED.sync_id, synced_at = now()`;

const DELETE_EVENTS = 'DELETE FROM synced_calendar_events WHERE user_id = $1 AND calendar_id = $2 AND event_id = ANY($3::text[])';

/** Writes one page for (`userId`, `calendarId`): `rows` (deduplicated by the caller) stamped with `syncId`, and the deletion of `cancelledIds`. */
export async function writeEventPage(
  client: pg.ClientBase,
  userId: string,
  calendarId: string,
  syncId: string,
  rows: readonly EventRow[],
  cancelledIds: readonly string[],
): Promise<{ readonly upserted: number; readonly deleted: number }> {
  return inTransaction(client, async () => {
    if (rows.length > 0) {
      const col = <K extends keyof EventRow>(k: K) => rows.map((r) => r[k]);
      await client.query(UPSERT_EVENTS, [
        userId,
        calendarId,
        syncId,
        col('eventId'),
        col('etag'),
        col('status'),
        col('summary'),
        col('description'),
        col('location'),
        col('startsAt'),
        col('endsAt'),
        col('allDay'),
        col('timeZone'),
        col('organizerEmail'),
        col('attendees'),
        col('sourceUpdatedAt'),
      ]);
    }
    const deleted = cancelledIds.length > 0 ? ((await client.query(DELETE_EVENTS, [userId, calendarId, cancelledIds])).rowCount ?? 0) : 0;
    return { upserted: rows.length, deleted };
  });
}
