/**
 * A loopback fake of Google Calendar `events.list`
 * (https://developers.google.com/calendar/api/v3/reference/events/list and
 * https://developers.google.com/calendar/api/guides/sync):
 *
 *   GET /calendar/v3/calendars/<calendarId>/events?maxResults=250&pageToken=…&syncToken=…
 *   → 200 { kind: 'calendar#events', items, nextPageToken?, nextSyncToken?, … }
 *
 * - `maxResults` default 250; larger than 2,500 is served as 2,500 (the API's ceiling); below 1
 *   is 400 `invalid`.
 * - `nextSyncToken` on the **last** page only (always: Calendar needs no request flag), standing
 *   for the state when the first page was served.
 * - With `syncToken`: only events changed since; deleted ones as `status: 'cancelled'` stubs.
 * - An expired sync token: **410 Gone** (`fullSyncRequired`): the client wipes its copy and
 *   syncs fully.
 * - Quota (option) and injected faults, as {@link startFakeApiServer} applies them.
 *
 * Each bearer token is an account with one calendar (every `calendarId` serves it) of `records`
 * generated events, changed through `POST /_fake/accounts/<account>/changes` and
 * `…/expire-sync-tokens`, as for the People fake.
 */
import { decodeToken, encodeToken } from './opaque-token.js';
import { type FakeApiQuota, type FakeApiResponse, type FakeApiServer, startFakeApiServer } from './fake-api-server.js';
import { type FakeCalendarEvent, renderFakeCalendarEvent } from './fake-calendar-event.js';
import { parseCollectionChanges, VersionedCollection } from './versioned-collection.js';

/** `maxResults` default and ceiling of the real API. */
export const CALENDAR_MAX_RESULTS = Object.freeze({ default: 250, max: 2500 });

/** Options of {@link startFakeCalendarApi}. */
export interface FakeCalendarApiOptions {
  /** Events every account's calendar starts with. */
  readonly records: number;
  /** @default no quota */
  readonly quota?: FakeApiQuota;
  /** @default 0 (a free port) */
  readonly port?: number;
}

/** A running Calendar fake. */
export interface FakeCalendarApi extends FakeApiServer {
  /** The change history of `account`'s calendar. */
  account(account: string): VersionedCollection;
  /** Every live event of `account`, in list order (what a correct sync ends with). */
  liveEvents(account: string): Generator<FakeCalendarEvent>;
}

const REASONS: Readonly<Record<string, string>> = {
  RESOURCE_EXHAUSTED: 'rateLimitExceeded',
  INTERNAL: 'backendError',
  UNAUTHENTICATED: 'authError',
  NOT_FOUND: 'notFound',
  INVALID_ARGUMENT: 'invalid',
  METHOD_NOT_ALLOWED: 'invalid',
};

/** Calendar's v3 error body (`{ error: { errors: [{ domain, reason, message }], code, message } }`). */
export function calendarErrorBody(status: number, reason: string, message: string): unknown {
  return { error: { errors: [{ domain: 'global', reason: REASONS[reason] ?? reason, message }], code: status, message } };
}

const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/;

/** Starts the Calendar fake on 127.0.0.1. */
export async function startFakeCalendarApi(options: FakeCalendarApiOptions): Promise<FakeCalendarApi> {
  if (!Number.isSafeInteger(options.records) || options.records < 0) throw new TypeError('records must be an integer ≥ 0');
  const accounts = new Map<string, VersionedCollection>();
  const account = (name: string) => {
    let c = accounts.get(name);
    if (!c) {
      c = new VersionedCollection(options.records);
      accounts.set(name, c);
    }
    return c;
  };
  const error = (status: number, reason: string, message: string): FakeApiResponse => ({
    status,
    body: calendarErrorBody(status, reason, message),
  });
  const gone = () => error(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');

  const server = await startFakeApiServer(
    {
      errorBody: calendarErrorBody,
      api({ method, url, account: name }) {
        const path = EVENTS_PATH.exec(url.pathname);
        if (!path) return undefined;
        if (method !== 'GET') return error(405, 'invalid', 'Method not allowed.');
        const q = url.searchParams;
        const maxText = q.get('maxResults');
        const requested = maxText === null ? CALENDAR_MAX_RESULTS.default : Number(maxText);
        if (!Number.isInteger(requested) || requested < 1) return error(400, 'invalid', 'Invalid value for: maxResults');
        const maxResults = Math.min(requested, CALENDAR_MAX_RESULTS.max);
        const collection = account(name);
        const syncTokenText = q.get('syncToken');
        let since: number | undefined;
        if (syncTokenText !== null) {
          const t = decodeToken(syncTokenText, ['v']);
          if (!t) return error(400, 'invalid', 'Invalid sync token value.');
          if (!collection.isTokenValid(t.v!)) return gone();
          since = t.v;
        }
        let start = 0;
        let snapshot = collection.version;
        const pageTokenText = q.get('pageToken');
        if (pageTokenText !== null) {
          const p = decodeToken(pageTokenText, ['s', 't', 'c']);
          if (!p || p.c !== (since === undefined ? -1 : since)) return error(400, 'invalid', 'Invalid page token value.');
          if (since !== undefined && !collection.isTokenValid(p.t!)) return gone();
          start = p.s!;
          snapshot = p.t!;
        }
        const page = since === undefined ? collection.fullPage(start, maxResults) : collection.changesPage(since, start, maxResults);
        const last = page.nextStart === undefined;
        return {
          status: 200,
          body: {
            kind: 'calendar#events',
            etag: `"p${snapshot}"`,
            summary: 'owner@example.com',
            updated: new Date(Date.UTC(2026, 0, 1) + snapshot * 60_000).toISOString(),
            timeZone: 'Europe/Berlin',
            accessRole: 'owner',
            defaultReminders: [{ method: 'popup', minutes: 10 }],
            ...(!last && { nextPageToken: encodeToken({ s: page.nextStart!, t: snapshot, c: since ?? -1 }) }),
            ...(last && { nextSyncToken: encodeToken({ v: snapshot }) }),
            items: page.items.map(renderFakeCalendarEvent),
          },
        };
      },
      control(name, action, body) {
        const collection = account(name);
        if (action === 'changes') collection.apply(parseCollectionChanges(body));
        else if (action === 'expire-sync-tokens') collection.expireTokens();
        else return undefined;
        return { status: 200, body: { version: collection.version, liveCount: collection.liveCount } };
      },
    },
    { port: options.port, quota: options.quota },
  );
  return {
    get url() {
      return server.url;
    },
    get faults() {
      return server.faults;
    },
    get requests() {
      return server.requests;
    },
    close: () => server.close(),
    account,
    *liveEvents(name) {
      const collection = account(name);
      for (let start: number | undefined = 0; start !== undefined; ) {
        const page = collection.fullPage(start, 1000);
        yield* page.items.map(renderFakeCalendarEvent);
        start = page.nextStart;
      }
    },
  };
}
