/**
 * DDL of the contacts data model (seed 001 §3, §6): `contacts`, `groups`, `contact_groups`,
 * with the indexes seed 001 §6 proposes plus the ones the group lookup needs.
 */
import type pg from 'pg';

/**
 * Statements of {@link createContactsSchema}, in order. Idempotent (`IF NOT EXISTS`); tables are
 * created in the first schema of the connection's `search_path`.
 *
 * Timestamps are `timestamptz(3)`: millisecond precision, exactly what a JavaScript `Date`
 * holds, so a date read from a row and sent back as a keyset bound compares equal to the stored
 * value (microseconds would be truncated on the way through JS and skip or repeat rows).
 */
export const CONTACTS_SCHEMA_SQL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS contacts (
     id uuid PRIMARY KEY,
     user_id text NOT NULL,
     name text NOT NULL,
     email text,
     phone text,
     linked_in text,
     instagram text,
     x_handle text,
     other_social_media jsonb,
     location text,
     custom_notes text,
     last_contact_date timestamptz(3),
     frequency_preference text NOT NULL
       CHECK (frequency_preference IN ('daily', 'weekly', 'biweekly', 'monthly', 'quarterly', 'yearly', 'flexible')),
     timezone text,
     archived boolean NOT NULL DEFAULT false,
     created_at timestamptz(3) NOT NULL,
     updated_at timestamptz(3) NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS groups (
     id uuid PRIMARY KEY,
     user_id text NOT NULL,
     name text NOT NULL
   )`,
  // The primary key (contact_id, group_id) is the index the per-contact group lookup uses.
  `CREATE TABLE IF NOT EXISTS contact_groups (
     contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
     group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
     PRIMARY KEY (contact_id, group_id)
   )`,
  // Seed 001 §6: serves `WHERE user_id = $1 ORDER BY last_contact_date ASC NULLS FIRST, id`
  // for every strategy (offset, keyset, cursor) without a sort.
  `CREATE INDEX IF NOT EXISTS idx_contacts_user_last_contact
     ON contacts (user_id, last_contact_date ASC NULLS FIRST, id)`,
  // Seed 001 §6: the archived filter.
  `CREATE INDEX IF NOT EXISTS idx_contacts_user_archived
     ON contacts (user_id, archived) WHERE archived = false`,
  `CREATE INDEX IF NOT EXISTS idx_groups_user ON groups (user_id)`,
  // Deleting a group cascades to its memberships; without this that is a scan of contact_groups.
  `CREATE INDEX IF NOT EXISTS idx_contact_groups_group ON contact_groups (group_id)`,
]);

/** Creates the tables and indexes if they do not exist. */
export async function createContactsSchema(client: pg.ClientBase | pg.Pool): Promise<void> {
  for (const sql of CONTACTS_SCHEMA_SQL) await client.query(sql);
}
