/**
 * The naive twin of {@link syncContacts} (seed 001's "before"): every page fetched into one
 * array first, then each contact written with its own statements (an upsert, a membership
 * delete, one insert per membership), a full sync's removals by a `NOT (… = ANY($2))` over
 * every name seen. Same rows at the end; memory grows with the address book.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CONTACTS_SYNC_RESOURCE, type ContactSyncResult } from './contact-sync.js';
import { contactRowOf } from './contact-row.js';
import { GoogleApiError } from './google-api-error.js';
import type { PeopleApiClient, Person } from './people-api-client.js';
import { readSyncToken, writeSyncToken } from './sync-token-store.js';

/** Options of {@link syncContactsNaive} (those of `syncContacts` without the breaker). */
export interface ContactSyncNaiveOptions {
  readonly api: PeopleApiClient;
  readonly client: pg.ClientBase;
  readonly userId: string;
  /** @default 500 */
  readonly pageSize?: number;
  /** @default false */
  readonly full?: boolean;
}

const UPSERT_ONE = `
  INSERT INTO synced_contacts
    (user_id, resource_name, etag, display_name, given_name, family_name, email, phone, organization, biography, birthday, sync_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid)
  ON CONFLICT (user_id, resource_name) DO UPDATE SET
    etag = EXCLUDED.etag, display_name = EXCLUDED.display_name, given_name = EXCLUDED.given_name,
    family_name = EXCLUDED.family_name, email = EXCLUDED.email, phone = EXCLUDED.phone,
    organization = EXCLUDED.organization, biography = EXCLUDED.biography, birthday = EXCLUDED.birthday,
    sync_id = EXCLUDED.sync_id, synced_at = now()`;

async function fetchAll(
  options: ContactSyncNaiveOptions,
  syncToken: string | undefined,
): Promise<{ people: Person[]; pages: number; nextSyncToken?: string }> {
  const people: Person[] = [];
  let pages = 0;
  let pageToken: string | undefined;
  let nextSyncToken: string | undefined;
  do {
    const page = await options.api.listConnections({ pageSize: options.pageSize ?? 500, pageToken, syncToken, requestSyncToken: true });
    people.push(...page.connections);
    pages++;
    pageToken = page.nextPageToken;
    nextSyncToken = page.nextSyncToken;
  } while (pageToken);
  return { people, pages, nextSyncToken };
}

/** Syncs `userId`'s contacts, holding all of them at once. */
export async function syncContactsNaive(options: ContactSyncNaiveOptions): Promise<ContactSyncResult> {
  const { client, userId } = options;
  let syncToken = options.full ? undefined : await readSyncToken(client, userId, CONTACTS_SYNC_RESOURCE);
  let expiredTokenFallbacks = 0;
  let fetched: Awaited<ReturnType<typeof fetchAll>>;
  try {
    fetched = await fetchAll(options, syncToken);
  } catch (err) {
    if (syncToken === undefined || !(err instanceof GoogleApiError) || err.code !== 'HEAPGATE_SYNC_TOKEN_EXPIRED') throw err;
    syncToken = undefined;
    expiredTokenFallbacks = 1;
    fetched = await fetchAll(options, undefined);
  }
  const syncId = randomUUID();
  let upserted = 0;
  let deleted = 0;
  let memberships = 0;
  for (const person of fetched.people) {
    if (person.metadata?.deleted) {
      deleted +=
        (await client.query('DELETE FROM synced_contacts WHERE user_id = $1 AND resource_name = $2', [userId, person.resourceName]))
          .rowCount ?? 0;
      continue;
    }
    const r = contactRowOf(person);
    await client.query(UPSERT_ONE, [
      userId,
      r.resourceName,
      r.etag,
      r.displayName,
      r.givenName,
      r.familyName,
      r.email,
      r.phone,
      r.organization,
      r.biography,
      r.birthday,
      syncId,
    ]);
    await client.query('DELETE FROM synced_contact_groups WHERE user_id = $1 AND resource_name = $2', [userId, r.resourceName]);
    for (const g of r.groups) {
      await client.query('INSERT INTO synced_contact_groups (user_id, resource_name, group_resource_name) VALUES ($1, $2, $3)', [
        userId,
        r.resourceName,
        g,
      ]);
      memberships++;
    }
    upserted++;
  }
  let swept = 0;
  if (syncToken === undefined) {
    const seen = fetched.people.map((p) => p.resourceName);
    swept =
      (await client.query('DELETE FROM synced_contacts WHERE user_id = $1 AND NOT (resource_name = ANY($2::text[]))', [userId, seen]))
        .rowCount ?? 0;
  }
  if (fetched.nextSyncToken) await writeSyncToken(client, userId, CONTACTS_SYNC_RESOURCE, fetched.nextSyncToken);
  return {
    mode: syncToken === undefined ? 'full' : 'incremental',
    expiredTokenFallbacks,
    pages: fetched.pages,
    upserted,
    deleted,
    swept,
    memberships,
    duplicatesDropped: 0,
    largestPage: fetched.people.length,
    tokenStored: fetched.nextSyncToken !== undefined,
  };
}
