/**
 * A minimal client of Google People `people.connections.list`
 * (https://developers.google.com/people/api/rest/v1/people.connections/list): one page per
 * call, retries through {@link requestGoogleJson}, an expired sync token turned into
 * `HEAPGATE_SYNC_TOKEN_EXPIRED`. Works against the real API or the loopback fake.
 */
import { GoogleApiError } from './google-api-error.js';
import { type GoogleRetryOptions, requestGoogleJson } from './google-api-request.js';
import { type ApiClientStats, RetryCounter } from './retry-counter.js';

/** The `Person` fields a contact sync reads (a subset of the resource). */
export interface Person {
  readonly resourceName: string;
  readonly etag?: string;
  readonly metadata?: { readonly deleted?: boolean };
  readonly names?: readonly {
    readonly displayName?: string;
    readonly givenName?: string;
    readonly familyName?: string;
    readonly metadata?: { readonly primary?: boolean };
  }[];
  readonly emailAddresses?: readonly { readonly value?: string; readonly metadata?: { readonly primary?: boolean } }[];
  readonly phoneNumbers?: readonly {
    readonly value?: string;
    readonly canonicalForm?: string;
    readonly metadata?: { readonly primary?: boolean };
  }[];
  readonly organizations?: readonly { readonly name?: string; readonly title?: string }[];
  readonly biographies?: readonly { readonly value?: string }[];
  readonly birthdays?: readonly { readonly date?: { readonly year?: number; readonly month?: number; readonly day?: number } }[];
  readonly memberships?: readonly { readonly contactGroupMembership?: { readonly contactGroupResourceName?: string } }[];
}

/** One page of `connections.list`. */
export interface ConnectionsPage {
  readonly connections: readonly Person[];
  /** Absent on the last page. */
  readonly nextPageToken?: string;
  /** Only on the last page, and only when `requestSyncToken` was set. */
  readonly nextSyncToken?: string;
  readonly totalPeople?: number;
}

/** Parameters of one {@link PeopleApiClient.listConnections} call. */
export interface ListConnectionsParams {
  /** 1–1000 (the API's bounds). @default 500 (seed 001 §Contact Sync Flow: "Request page of 500 contacts") */
  readonly pageSize?: number;
  readonly pageToken?: string;
  /** Ask for a `nextSyncToken` on the last page. @default true */
  readonly requestSyncToken?: boolean;
  /** Only the changes since this token (deleted people with `metadata.deleted`). */
  readonly syncToken?: string;
}

/** Options of {@link PeopleApiClient}. */
export interface PeopleApiClientOptions extends GoogleRetryOptions {
  /** `https://people.googleapis.com` or the fake's URL. */
  readonly baseUrl: string;
  /** OAuth access token with the contacts.readonly scope (never logged). */
  readonly accessToken: string;
  /** Fields to read. @default names, email addresses, phone numbers, organizations, biographies, birthdays, memberships, metadata */
  readonly personFields?: string;
}

const DEFAULT_FIELDS = 'names,emailAddresses,phoneNumbers,organizations,biographies,birthdays,memberships,metadata';

/** Lists a user's connections page by page. */
export class PeopleApiClient {
  readonly #options: PeopleApiClientOptions;
  readonly #counter = new RetryCounter();

  constructor(options: PeopleApiClientOptions) {
    if (!/^https?:\/\//.test(options.baseUrl)) throw new TypeError('baseUrl must be an http(s) URL');
    if (!options.accessToken) throw new TypeError('accessToken is required');
    this.#options = options;
  }

  /** Pages, retries and waits so far. */
  get stats(): ApiClientStats {
    return this.#counter.snapshot();
  }

  /**
   * One page. Rejects with `HEAPGATE_SYNC_TOKEN_EXPIRED` when `syncToken` has expired (HTTP
   * 400 `EXPIRED_SYNC_TOKEN`), otherwise as {@link requestGoogleJson} does.
   */
  async listConnections(params: ListConnectionsParams = {}): Promise<ConnectionsPage> {
    const pageSize = params.pageSize ?? 500;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
      throw new RangeError(`pageSize must be an integer in [1, 1000], got ${pageSize}`);
    const url = new URL('/v1/people/me/connections', this.#options.baseUrl);
    url.searchParams.set('personFields', this.#options.personFields ?? DEFAULT_FIELDS);
    url.searchParams.set('pageSize', String(pageSize));
    if (params.requestSyncToken ?? true) url.searchParams.set('requestSyncToken', 'true');
    if (params.pageToken) url.searchParams.set('pageToken', params.pageToken);
    if (params.syncToken) url.searchParams.set('syncToken', params.syncToken);
    let body: unknown;
    try {
      body = await requestGoogleJson(url.toString(), { ...this.#options, onRetry: this.#counter.hook(this.#options.onRetry) });
    } catch (err) {
      if (err instanceof GoogleApiError && err.status === 400 && err.reason === 'EXPIRED_SYNC_TOKEN') {
        throw new GoogleApiError('HEAPGATE_SYNC_TOKEN_EXPIRED', 'the People sync token has expired: a full sync is required', {
          status: 400,
          reason: err.reason,
          attempts: err.attempts,
          cause: err,
        });
      }
      throw err;
    }
    const page = body as { connections?: unknown; nextPageToken?: unknown; nextSyncToken?: unknown };
    // An empty page has no `connections` at all (the API omits empty lists).
    if (typeof page !== 'object' || page === null || (page.connections !== undefined && !Array.isArray(page.connections))) {
      throw new GoogleApiError('HEAPGATE_SYNC_BAD_RESPONSE', 'connections.list answered without a connections array', {
        status: 200,
        attempts: 1,
      });
    }
    this.#counter.pages++;
    return { ...(page as ConnectionsPage), connections: (page.connections as Person[] | undefined) ?? [] };
  }
}
