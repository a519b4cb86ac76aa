/**
 * One page of a contact sync written in one transaction: every live contact upserted by a
 * single `INSERT … SELECT FROM unnest(…) ON CONFLICT … DO UPDATE` (one round trip and one plan
 * whatever the page size; https://www.timescale.com/blog/boosting-postgres-insert-performance),
 * their memberships replaced by one `DELETE` and one `unnest` insert, deleted contacts removed
 * by one `DELETE … = ANY($2)`.
 */
import type pg from 'pg';
import type { ContactRow } from './contact-row.js';
import { inTransaction } from './in-transaction.js';

const UPSERT_CONTACTS = `
  INSERT INTO synced_contacts
    (user_id, resource_name, etag, display_name, given_name, family_name, email, phone, organization, biography, birthday, sync_id)
  SELECT $1, r.resource_name, r.etag, r.display_name, r.given_name, r.family_name, r.email, r.phone, r.organization, r.biography, r.birthday, $2::uuid
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
    AS r (resource_name, etag, display_name, given_name, family_name, email, phone, organization, biography, birthday)
  ON CONFLICT (user_id, resource_name) DO UPDATE SET
    etag = EXCLUDED.etag, display_name = EXCLUDED.display_name, given_name = EXCLUDED.given_name,
    family_name = EXCLUDED.family_name, email = EXCLUDED.email, phone = EXCLUDED.phone,
    organization = EXCLUDED.organization, biography = EXCLUDED.biography, birthday = EXCLUDED.birthday,
    sync_id = EXCLUDED.sync_id, synced_at = now()`;

const CLEAR_MEMBERSHIPS = 'DELETE FROM synced_contact_groups WHERE user_id = $1 AND resource_name = ANY($2::text[])';
const INSERT_MEMBERSHIPS = `
  INSERT INTO synced_contact_groups (user_id, resource_name, group_resource_name)
  SELECT $1, m.resource_name, m.group_resource_name FROM unnest($2::text[], $3::text[]) AS m (resource_name, group_resource_name)`;
const DELETE_CONTACTS = 'DELETE FROM synced_contacts WHERE user_id = $1 AND resource_name = ANY($2::text[])';

/** What one page wrote. */
export interface ContactPageWrite {
  readonly upserted: number;
  readonly memberships: number;
  readonly deleted: number;
}

/**
 * Writes one page for `userId`: `rows` (deduplicated by the caller) stamped with `syncId`,
 * and the deletion of `deletedResourceNames`. One transaction.
 */
export async function writeContactPage(
  client: pg.ClientBase,
  userId: string,
  syncId: string,
  rows: readonly ContactRow[],
  deletedResourceNames: readonly string[],
): Promise<ContactPageWrite> {
  return inTransaction(client, async () => {
    let memberships = 0;
    if (rows.length > 0) {
      const col = <K extends keyof ContactRow>(k: K) => rows.map((r) => r[k]);
      await client.query(UPSERT_CONTACTS, [
        userId,
        syncId,
        col('resourceName'),
        col('etag'),
        col('displayName'),
        col('givenName'),
        col('familyName'),
        col('email'),
        col('phone'),
        col('organization'),
        col('biography'),
        col('birthday'),
      ]);
      const names = col('resourceName');
      await client.query(CLEAR_MEMBERSHIPS, [userId, names]);
      const memberNames: string[] = [];
      const groupNames: string[] = [];
      for (const r of rows) {
        for (const g of r.groups) {
          memberNames.push(r.resourceName);
          groupNames.push(g);
        }
      }
      if (memberNames.length > 0) memberships = (await client.query(INSERT_MEMBERSHIPS, [userId, memberNames, groupNames])).rowCount ?? 0;
    }
    const deleted =
      deletedResourceNames.length > 0 ? ((await client.query(DELETE_CONTACTS, [userId, deletedResourceNames])).rowCount ?? 0) : 0;
    return { upserted: rows.length, memberships, deleted };
  });
}
