/**
 * A loopback fake of Google People `people.connections.list`
 * (https://developers.google.com/people/api/rest/v1/people.connections/list), for the contact
 * sync to run against:
 *
 *   GET /v1/people/me/connections?personFields=names,…&pageSize=500&pageToken=…&requestSyncToken=true&syncToken=…
 *   → 200 { connections, nextPageToken?, nextSyncToken?, totalPeople, totalItems }
 *
 * - `pageSize` 1–1000 (default 100), anything else 400 `INVALID_ARGUMENT`; `personFields` required.
 * - `requestSyncToken=true` puts `nextSyncToken` on the **last** page only; it stands for the
 *   state when the first page was served, so changes made while paging come again next time.
 * - With `syncToken`: only the people changed since, deleted ones as `{ resourceName, etag,
 *   metadata: { deleted: true } }`.
 * - An expired sync token: **400** `FAILED_PRECONDITION` with an `ErrorInfo` reason
 *   `EXPIRED_SYNC_TOKEN`; the client must drop it and sync fully.
 * - Quota (option) and injected faults (latency, 429 + `Retry-After`, 500, reset mid-page).
 *
 * Each bearer token is an account with its own copy of the generated contacts (`records` of
 * them at version 1), changed through `POST /_fake/accounts/<account>/changes` with
 * `{ updated, deleted, added }` and `POST /_fake/accounts/<account>/expire-sync-tokens`.
 */
import { decodeToken, encodeToken } from './opaque-token.js';
import { type FakeApiQuota, type FakeApiResponse, type FakeApiServer, startFakeApiServer } from './fake-api-server.js';
import { type FakePerson, renderFakePerson } from './fake-person.js';
import { parseCollectionChanges, VersionedCollection } from './versioned-collection.js';

/** The path of the list route. */
export const PEOPLE_CONNECTIONS_PATH = '/v1/people/me/connections';
/** `pageSize` bounds and default of the real API. */
export const PEOPLE_PAGE_SIZE = Object.freeze({ min: 1, max: 1000, default: 100 });

/** Options of {@link startFakePeopleApi}. */
export interface FakePeopleApiOptions {
  /** Contacts every account starts with. */
  readonly records: number;
  /** @default no quota */
  readonly quota?: FakeApiQuota;
  /** @default 0 (a free port) */
  readonly port?: number;
}

/** A running People fake. */
export interface FakePeopleApi extends FakeApiServer {
  /** The change history of `account` (created with the generated contacts on first use). */
  account(account: string): VersionedCollection;
  /** Every live person of `account`, in list order (what a correct sync ends with). */
  livePeople(account: string): Generator<FakePerson>;
}

const CANONICAL: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
};

/** Google's v1 error body (`google.rpc.Status` with an `ErrorInfo` detail when there is a reason). */
export function peopleErrorBody(status: number, reason: string, message: string): unknown {
  const canonical = reason === 'EXPIRED_SYNC_TOKEN' ? 'FAILED_PRECONDITION' : (CANONICAL[status] ?? 'UNKNOWN');
  return {
    error: {
      code: status,
      message,
      status: canonical,
      ...(reason !== canonical && {
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'people.googleapis.com' }],
      }),
    },
  };
}

/** Starts the People fake on 127.0.0.1. */
export async function startFakePeopleApi(options: FakePeopleApiOptions): Promise<FakePeopleApi> {
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
    body: peopleErrorBody(status, reason, message),
  });
  const expired = () => error(400, 'EXPIRED_SYNC_TOKEN', 'Sync token is expired. Clear local cache and retry call without the sync token.');

  const server = await startFakeApiServer(
    {
      errorBody: peopleErrorBody,
      api({ method, url, account: name }) {
        if (url.pathname !== PEOPLE_CONNECTIONS_PATH) return undefined;
        if (method !== 'GET') return error(405, 'INVALID_ARGUMENT', 'Method not allowed.');
        const q = url.searchParams;
        if (!q.get('personFields'))
          return error(400, 'INVALID_ARGUMENT', 'personFields mask is required. Please specify one or more valid paths.');
        const pageSizeText = q.get('pageSize');
        const pageSize = pageSizeText === null ? PEOPLE_PAGE_SIZE.default : Number(pageSizeText);
        if (!Number.isInteger(pageSize) || pageSize < PEOPLE_PAGE_SIZE.min || pageSize > PEOPLE_PAGE_SIZE.max) {
          return error(400, 'INVALID_ARGUMENT', `pageSize must be between ${PEOPLE_PAGE_SIZE.min} and ${PEOPLE_PAGE_SIZE.max}.`);
        }
        const collection = account(name);
        const syncTokenText = q.get('syncToken');
        let since: number | undefined;
        if (syncTokenText !== null) {
          const t = decodeToken(syncTokenText, ['v']);
          if (!t) return error(400, 'INVALID_ARGUMENT', 'Sync token is invalid.');
          if (!collection.isTokenValid(t.v!)) return expired();
          since = t.v;
        }
        const pageTokenText = q.get('pageToken');
        let start = 0;
        let snapshot = collection.version;
        if (pageTokenText !== null) {
          const p = decodeToken(pageTokenText, ['s', 't', 'c']);
          // Google: every parameter but pageToken must match the call that returned the token.
          if (!p || p.c !== (since === undefined ? -1 : since))
            return error(400, 'INVALID_ARGUMENT', 'Page token is invalid or does not match the request.');
          if (since !== undefined && !collection.isTokenValid(p.t!)) return expired();
          start = p.s!;
          snapshot = p.t!;
        }
        const page = since === undefined ? collection.fullPage(start, pageSize) : collection.changesPage(since, start, pageSize);
        const last = page.nextStart === undefined;
        return {
          status: 200,
          body: {
            connections: page.items.map(renderFakePerson),
            ...(!last && { nextPageToken: encodeToken({ s: page.nextStart!, t: snapshot, c: since ?? -1 }) }),
            ...(last && q.get('requestSyncToken') === 'true' && { nextSyncToken: encodeToken({ v: snapshot }) }),
            totalPeople: collection.liveCount,
            totalItems: collection.liveCount,
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
    *livePeople(name) {
      const collection = account(name);
      for (let start: number | undefined = 0; start !== undefined; ) {
        const page = collection.fullPage(start, 1000);
        yield* page.items.map(renderFakePerson);
        start = page.nextStart;
      }
    },
  };
}
