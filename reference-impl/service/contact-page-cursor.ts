/**
 * The `after` cursor of `GET /users/:userId/contacts`: the sort key of the last contact of a
 * page — its `last_contact_date` (epoch milliseconds, or `never` for a contact never contacted)
 * and its id — so the next page is a keyset range scan (`(last_contact_date, id) > (…)`) on
 * `idx_contacts_user_last_contact`, however deep the client pages. Clients treat it as opaque.
 */

/** The sort key of one contact, in the route's order (`last_contact_date ASC NULLS FIRST, id`). */
export interface ContactPageCursor {
  /** `null`: the contact was never contacted (those sort first). */
  readonly lastContactMs: number | null;
  readonly id: string;
}

/** The text form's schema pattern: `never_<uuid>` or `<epoch ms>_<uuid>`. */
export const CONTACT_PAGE_CURSOR_PATTERN = '^(?:never|-?[0-9]{1,15})_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const CURSOR_REGEXP = new RegExp(CONTACT_PAGE_CURSOR_PATTERN);

/** The cursor after a contact. Milliseconds round-trip exactly: the column is `timestamptz(3)`. */
export function encodeContactPageCursor(cursor: ContactPageCursor): string {
  return `${cursor.lastContactMs === null ? 'never' : String(cursor.lastContactMs)}_${cursor.id}`;
}

/** Parses {@link encodeContactPageCursor}'s text. Throws a `TypeError` on anything else. */
export function decodeContactPageCursor(text: string): ContactPageCursor {
  if (!CURSOR_REGEXP.test(text)) throw new TypeError(`not a contact page cursor: "${text}"`);
  const split = text.indexOf('_');
  const ms = text.slice(0, split);
  return { lastContactMs: ms === 'never' ? null : Number(ms), id: text.slice(split + 1) };
}
