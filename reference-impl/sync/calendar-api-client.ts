/**
 * A minimal client of Google Calendar `events.list`
 * (https://developers.google.com/calendar/api/v3/reference/events/list): one page per call,
 * retries through {@link requestGoogleJson}, 410 Gone turned into `HEAPGATE_SYNC_TOKEN_EXPIRED`
 * (https://developers.google.com/calendar/api/guides/sync#full_sync_required_by_server).
 */
import { GoogleApiError } from './google-api-error.js';
import { type GoogleRetryOptions, requestGoogleJson } from './google-api-request.js';
import { type ApiClientStats, RetryCounter } from './retry-counter.js';

/** `{ dateTime, timeZone }` of a timed event, `{ date }` of an all-day one. */
export interface EventTime {
  readonly dateTime?: string;
  readonly timeZone?: string;
  readonly date?: string;
}

/** The `Event` fields a calendar sync reads. */
export interface CalendarEvent {
  readonly id: string;
  readonly etag?: string;
  readonly status?: 'confirmed' | 'tentative' | 'cancelled';
  readonly summary?: string;
  readonly description?: string;
  readonly location?: string;
  readonly updated?: string;
  readonly organizer?: { readonly email?: string };
  readonly start?: EventTime;
  readonly end?: EventTime;
  readonly attendees?: readonly { readonly email?: string; readonly responseStatus?: string }[];
}

/** One page of `events.list`. */
export interface EventsPage {
  readonly items: readonly CalendarEvent[];
  /** Absent on the last page. */
  readonly nextPageToken?: string;
  /** Only on the last page. */
  readonly nextSyncToken?: string;
}

/** Parameters of one {@link CalendarApiClient.listEvents} call. */
export interface ListEventsParams {
  /** @default 'primary' */
  readonly calendarId?: string;
  /** 1–2500 (the API's ceiling). @default 250 (the API's default) */
  readonly maxResults?: number;
  readonly pageToken?: string;
  /** Only the changes since this token (deleted events as `status: 'cancelled'`). */
  readonly syncToken?: string;
}

/** Options of {@link CalendarApiClient}. */
export interface CalendarApiClientOptions extends GoogleRetryOptions {
  /** `https://www.googleapis.com` or the fake's URL. */
  readonly baseUrl: string;
  /** OAuth access token with a calendar read scope (never logged). */
  readonly accessToken: string;
}

/** Lists a calendar's events page by page. */
export class CalendarApiClient {
  readonly #options: CalendarApiClientOptions;
  readonly #counter = new RetryCounter();

  constructor(options: CalendarApiClientOptions) {
    if (!/^https?:\/\//.test(options.baseUrl)) throw new TypeError('baseUrl must be an http(s) URL');
    if (!options.accessToken) throw new TypeError('accessToken is required');
    this.#options = options;
  }

  /** Pages, retries and waits so far. */
  get stats(): ApiClientStats {
    return this.#counter.snapshot();
  }

  /** One page. Rejects with `HEAPGATE_SYNC_TOKEN_EXPIRED` on 410 Gone, otherwise as {@link requestGoogleJson} does. */
  async listEvents(params: ListEventsParams = {}): Promise<EventsPage> {
    const maxResults = params.maxResults ?? 250;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 2500)
      throw new RangeError(`maxResults must be an integer in [1, 2500], got ${maxResults}`);
    const calendarId = params.calendarId ?? 'primary';
    const url = new URL(`/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`, this.#options.baseUrl);
    url.searchParams.set('maxResults', String(maxResults));
    if (params.pageToken) url.searchParams.set('pageToken', params.pageToken);
    if (params.syncToken) url.searchParams.set('syncToken', params.syncToken);
    let body: unknown;
    try {
      body = await requestGoogleJson(url.toString(), { ...this.#options, onRetry: this.#counter.hook(this.#options.onRetry) });
    } catch (err) {
      if (err instanceof GoogleApiError && err.status === 410) {
        throw new GoogleApiError('HEAPGATE_SYNC_TOKEN_EXPIRED', 'the Calendar sync token is gone (410): wipe and sync fully', {
          status: 410,
          reason: err.reason,
          attempts: err.attempts,
          cause: err,
        });
      }
      throw err;
    }
    const page = body as { items?: unknown };
    if (typeof page !== 'object' || page === null || (page.items !== undefined && !Array.isArray(page.items))) {
      throw new GoogleApiError('HEAPGATE_SYNC_BAD_RESPONSE', 'events.list answered without an items array', { status: 200, attempts: 1 });
    }
    this.#counter.pages++;
    return { ...(page as EventsPage), items: (page.items as CalendarEvent[] | undefined) ?? [] };
  }
}
