/**
 * DDL of what the sync flows write: synced Google contacts with their group memberships,
 * synced Calendar events, and one sync token per (user, resource). Rows carry the `sync_id` of
 * the full sync that last wrote them, so a full sync removes what the source no longer has
 * with one `DELETE … WHERE sync_id <> $current` after its last page (mark and sweep), holding
 * no list of ids in memory.
 */
import type pg from 'pg';

/** Statements of {@link createSyncSchema}, in order; idempotent (`IF NOT EXISTS`), in the first schema of `search_path`. */
export const SYNC_SCHEMA_SQL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS synced_contacts (
     user_id text NOT NULL,
     resource_name text NOT NULL,
     etag text NOT NULL,
     display_name text,
     given_name text,
     family_name text,
     email text,
     phone text,
     organization text,
     biography text,
     birthday text,
     sync_id uuid NOT NULL,
     synced_at timestamptz(3) NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, resource_name)
   )`,
  `CREATE TABLE IF NOT EXISTS synced_contact_groups (
     user_id text NOT NULL,
     resource_name text NOT NULL,
     group_resource_name text NOT NULL,
     PRIMARY KEY (user_id, resource_name, group_resource_name),
     FOREIGN KEY (user_id, resource_name) REFERENCES synced_contacts (user_id, resource_name) ON DELETE CASCADE
   )`,
  `CREATE TABLE IF NOT EXISTS synced_calendar_events (
     user_id text NOT NULL,
     calendar_id text NOT NULL,
     event_id text NOT NULL,
     etag text NOT NULL,
     status text NOT NULL,
     summary text,
     description text,
     location text,
     starts_at timestamptz(3),
     ends_at timestamptz(3),
     all_day boolean NOT NULL,
     time_zone text,
     organizer_email text,
     attendees jsonb,
     source_updated_at timestamptz(3),
     sync_id uuid NOT NULL,
     synced_at timestamptz(3) NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, calendar_id, event_id)
   )`,
  `CREATE TABLE IF NOT EXISTS sync_tokens (
     user_id text NOT NULL,
     resource text NOT NULL,
     sync_token text NOT NULL,
     updated_at timestamptz(3) NOT NULL DEFAULT now(),
     PRIMARY KEY (user_id, resource)
   )`,
]);

/** Creates the sync tables if they do not exist. */
export async function createSyncSchema(client: pg.ClientBase | pg.Pool): Promise<void> {
  for (const sql of SYNC_SCHEMA_SQL) await client.query(sql);
}
