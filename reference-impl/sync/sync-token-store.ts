/**
 * Where the sync flows keep their sync tokens: one row per (user, resource) in `sync_tokens`
 * (resource `google-contacts`, `google-calendar:<calendarId>`). Parameterised statements only.
 */
import type pg from 'pg';

/** The stored token, or undefined when the resource was never synced to the end. */
export async function readSyncToken(client: pg.ClientBase, userId: string, resource: string): Promise<string | undefined> {
  const { rows } = await client.query<{ sync_token: string }>('SELECT sync_token FROM sync_tokens WHERE user_id = $1 AND resource = $2', [
    userId,
    resource,
  ]);
  return rows[0]?.sync_token;
}

/** Stores (or replaces) the token. */
export async function writeSyncToken(client: pg.ClientBase, userId: string, resource: string, token: string): Promise<void> {
  await client.query(
    `INSERT INTO sync_tokens (user_id, resource, sync_token) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, resource) DO UPDATE SET sync_token = EXCLUDED.sync_token, updated_at = now()`,
    [userId, resource, token],
  );
}

/** Forgets the token (a full sync follows). */
export async function deleteSyncToken(client: pg.ClientBase, userId: string, resource: string): Promise<void> {
  await client.query('DELETE FROM sync_tokens WHERE user_id = $1 AND resource = $2', [userId, resource]);
}
