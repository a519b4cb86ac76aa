/**
 * A Calendar `Event` flattened to the columns of `synced_calendar_events`. All-day events
 * (`{ date }`) are stored at midnight UTC with `all_day` set.
 */
import type { CalendarEvent, EventTime } from './calendar-api-client.js';

/** One `synced_calendar_events` row (without user, calendar and sync ids). */
export interface EventRow {
  readonly eventId: string;
  readonly etag: string;
  readonly status: string;
  readonly summary: string | null;
  readonly description: string | null;
  readonly location: string | null;
  /** ISO 8601 instant. */
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly allDay: boolean;
  readonly timeZone: string | null;
  readonly organizerEmail: string | null;
  /** JSON text of `[{ email, responseStatus }]`, or null without attendees. */
  readonly attendees: string | null;
  readonly sourceUpdatedAt: string | null;
}

function instant(t: EventTime | undefined): string | null {
  if (t?.dateTime) return t.dateTime;
  if (t?.date) return `${t.date}T00:00:00Z`;
  return null;
}

/** The row of `event` (a live one: `cancelled` events are deletions). */
export function eventRowOf(event: CalendarEvent): EventRow {
  const attendees = event.attendees?.map((a) => ({ email: a.email ?? null, responseStatus: a.responseStatus ?? null }));
  return {
    eventId: event.id,
    etag: event.etag ?? '',
    status: event.status ?? 'confirmed',
    summary: event.summary ?? null,
    description: event.description ?? null,
    location: event.location ?? null,
    startsAt: instant(event.start),
    endsAt: instant(event.end),
    allDay: event.start?.date !== undefined,
    timeZone: event.start?.timeZone ?? null,
    organizerEmail: event.organizer?.email ?? null,
    attendees: attendees && attendees.length > 0 ? JSON.stringify(attendees) : null,
    sourceUpdatedAt: event.updated ?? null,
  };
}
