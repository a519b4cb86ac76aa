/**
 * `GET /users/:userId/contacts?limit=&after=`: one page of a user's active contacts (archived
 * ones left out), full rows, in the streaming repository's order (`last_contact_date ASC NULLS
 * FIRST, id`), with keyset pagination: `after` is the previous page's `nextCursor`
 * ({@link encodeContactPageCursor}). Each page is at most two index range scans, however deep
 * the client pages — no `OFFSET` that re-reads every earlier row.
 *
 * The statements are the repository's own keyset statements (`contact-queries.ts`), sent as
 * named prepared statements with parameters only.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Contact } from '../contacts/contact.js';
import { CONTACT_QUERIES } from '../contacts/contact-queries.js';
import { CONTACT_PAGE_CURSOR_PATTERN, decodeContactPageCursor, encodeContactPageCursor } from './contact-page-cursor.js';
import { USER_ID_PATTERN } from './request-schemas.js';

/** Contacts per page unless `limit` says otherwise. */
export const DEFAULT_CONTACT_PAGE_LIMIT = 50;
/** The largest `limit` accepted: 500 full rows are ~2.5 MB of JSON (seed 001 §6: ~5 KB a row). */
export const MAX_CONTACT_PAGE_LIMIT = 500;

/** What the route answers. */
export interface ContactPage {
  /** At most `limit` contacts, in order. */
  readonly contacts: readonly Contact[];
  /** Pass as `after` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** What {@link registerContactRoutes} needs. */
export interface ContactRouteOptions {
  readonly pool: pg.Pool;
}

interface ContactsRequest {
  Params: { userId: string };
  Querystring: { limit: number; after?: string };
}

const SCHEMA = {
  params: {
    type: 'object',
    required: ['userId'],
    properties: { userId: { type: 'string', pattern: USER_ID_PATTERN } },
  },
  querystring: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: MAX_CONTACT_PAGE_LIMIT, default: DEFAULT_CONTACT_PAGE_LIMIT },
      after: { type: 'string', pattern: CONTACT_PAGE_CURSOR_PATTERN },
    },
  },
} as const;

const Q = CONTACT_QUERIES.full;

async function rows(pool: pg.Pool, name: string, text: string, values: unknown[]): Promise<Contact[]> {
  return (await pool.query<Contact>({ name: `reference-service-contacts-${name}`, text, values })).rows;
}

/**
 * Up to `want` contacts after `after` (from the start without one). Never-contacted contacts
 * come first, by id (phase 1); dated ones follow (phase 2). A page that starts in phase 1 and
 * runs out of it continues with the first dated contacts.
 */
async function readContacts(pool: pg.Pool, userId: string, want: number, after: string | undefined): Promise<Contact[]> {
  const cursor = after === undefined ? undefined : decodeContactPageCursor(after);
  if (cursor !== undefined && cursor.lastContactMs !== null) {
    return rows(pool, 'dated-next', Q.keysetDatedNext, [userId, want, new Date(cursor.lastContactMs), cursor.id]);
  }
  const never =
    cursor === undefined
      ? await rows(pool, 'null-first', Q.keysetNullFirst, [userId, want])
      : await rows(pool, 'null-next', Q.keysetNullNext, [userId, want, cursor.id]);
  if (never.length === want) return never;
  const dated = await rows(pool, 'dated-first', Q.keysetDatedFirst, [userId, want - never.length]);
  return never.concat(dated);
}

/** Registers the contacts page route on `app`. */
export function registerContactRoutes(app: FastifyInstance, options: ContactRouteOptions): void {
  const { pool } = options;
  app.get<ContactsRequest>('/users/:userId/contacts', { schema: SCHEMA }, async (request): Promise<ContactPage> => {
    const { limit, after } = request.query;
    // One row more than asked for says whether a next page exists without a second round trip.
    const found = await readContacts(pool, request.params.userId, limit + 1, after);
    if (found.length <= limit) return { contacts: found, nextCursor: null };
    const contacts = found.slice(0, limit);
    const last = contacts[limit - 1]!;
    return { contacts, nextCursor: encodeContactPageCursor({ lastContactMs: last.lastContactDate?.getTime() ?? null, id: last.id }) };
  });
}
