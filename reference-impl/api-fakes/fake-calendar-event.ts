/**
 * Deterministic Google Calendar `Event` resources (https://developers.google.com/calendar/api/v3/reference/events#resource)
 * for the calendar fake: item `index` at `revision` renders the same on every request; a
 * deleted one is the `status: 'cancelled'` stub incremental syncs return.
 */
import type { CollectionItem } from './versioned-collection.js';
import { hexDigits, integerBetween, pick, seededRandom } from './seeded-random.js';

/** `{ dateTime, timeZone }` for timed events, `{ date }` for all-day ones. */
export interface FakeEventTime {
  readonly dateTime?: string;
  readonly timeZone?: string;
  readonly date?: string;
}

/** The subset of `Event` the fake renders. */
export interface FakeCalendarEvent {
  readonly kind: 'calendar#event';
  readonly etag: string;
  readonly id: string;
  readonly status: 'confirmed' | 'tentative' | 'cancelled';
  readonly htmlLink?: string;
  readonly created?: string;
  readonly updated?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly location?: string;
  readonly creator?: { readonly email: string; readonly self?: boolean };
  readonly organizer?: { readonly email: string; readonly displayName?: string; readonly self?: boolean };
  readonly start?: FakeEventTime;
  readonly end?: FakeEventTime;
  readonly iCalUID?: string;
  readonly sequence?: number;
  readonly attendees?: readonly {
    readonly email: string;
    readonly displayName?: string;
    readonly responseStatus: string;
    readonly self?: boolean;
  }[];
  readonly reminders?: { readonly useDefault: boolean };
  readonly eventType?: 'default';
}

const TITLES = ['Standup', '1:1', 'Lunch with', 'Dentist', 'Planning', 'Call with', 'Coffee with', 'Review', 'Yoga', 'Flight to'];
const NAMES = ['Ana', 'Luis', 'Kenji', 'Priya', 'Oskar', 'Amara', 'Zoë', 'Diego', 'Élodie', 'Mateo'];
const PLACES = ['Room 4.01', 'Café Central', 'https://meet.example/abc-defg-hij', 'Home', 'Clinic, 2nd floor', 'Terminal 2'];
const ZONES = ['America/Mexico_City', 'Europe/Berlin', 'Asia/Tokyo', 'America/Toronto'];
const RESPONSES = ['accepted', 'needsAction', 'tentative', 'declined'];
const WORDS = ['agenda', 'notes', 'bring', 'laptop', 'quarterly', 'numbers', 'follow', 'up', 'on', 'the', 'launch', 'budget'];
/** First event start: 2026-01-01T00:00Z; events spread over the following two years. */
const EPOCH_MS = Date.UTC(2026, 0, 1);
const HOUR_MS = 3_600_000;

/** The event id of item `index` (base32hex, as the API requires; unique per index). */
export function fakeEventId(index: number): string {
  return `${index.toString(32).padStart(7, '0')}${hexDigits(seededRandom(`event-id:${index}`), 9)}`;
}

/** Renders item `item` of a calendar fake. */
export function renderFakeCalendarEvent(item: CollectionItem): FakeCalendarEvent {
  const id = fakeEventId(item.index);
  const random = seededRandom(`event:${item.index}:${item.revision}`);
  const etag = `"${3_180_000_000_000_000 + item.index * 1000 + item.revision}"`;
  if (item.deleted) return { kind: 'calendar#event', etag, id, status: 'cancelled' };
  const startMs = EPOCH_MS + integerBetween(random, 0, 2 * 365 * 24) * HOUR_MS;
  const allDay = random() < 0.1;
  const timeZone = pick(random, ZONES);
  const at = (ms: number): FakeEventTime =>
    allDay ? { date: new Date(ms).toISOString().slice(0, 10) } : { dateTime: new Date(ms).toISOString(), timeZone };
  const endMs = allDay ? startMs + 24 * HOUR_MS : startMs + integerBetween(random, 1, 4) * 30 * 60_000;
  const attendees = Array.from({ length: integerBetween(random, 0, 4) }, (_, i) => {
    const name = pick(random, NAMES);
    return {
      email: `${name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}${i}@example.com`,
      displayName: name,
      responseStatus: pick(random, RESPONSES),
    };
  });
  const description = Array.from({ length: integerBetween(random, 5, 40) }, () => pick(random, WORDS)).join(' ');
  const updated = new Date(EPOCH_MS + item.revision * 60_000).toISOString();
  return {
    kind: 'calendar#event',
    etag,
    id,
    status: random() < 0.05 ? 'tentative' : 'confirmed',
    htmlLink: `https://calendar.example/event?eid=${id}`,
    created: new Date(EPOCH_MS - HOUR_MS).toISOString(),
    updated,
    summary: `${pick(random, TITLES)} ${pick(random, NAMES)}`,
    description,
    location: pick(random, PLACES),
    creator: { email: 'owner@example.com', self: true },
    organizer: { email: 'owner@example.com', self: true },
    start: at(startMs),
    end: at(endMs),
    iCalUID: `${id}@google.com`,
    sequence: item.revision - 1,
    attendees: attendees.length > 0 ? [{ email: 'owner@example.com', responseStatus: 'accepted', self: true }, ...attendees] : undefined,
    reminders: { useDefault: true },
    eventType: 'default',
  };
}
