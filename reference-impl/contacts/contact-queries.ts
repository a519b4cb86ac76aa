/**
 * The SQL behind {@link StreamingContactRepository}: one set of statements per projection and
 * pagination strategy. Parameters: `$1` user id, `$2` row limit, then strategy-specific bounds.
 *
 * Every statement orders by `last_contact_date ASC NULLS FIRST, id`. The `id` tiebreak makes
 * it a total order, which keyset pagination needs and which makes the three strategies return
 * the same rows in the same order. Index `idx_contacts_user_last_contact` matches it exactly.
 */

/** Which columns a statement returns. */
export type ContactProjection = 'full' | 'minimal';

/** The statements for one projection. Texts are constants, so they can be prepared by name. */
export interface ContactQuerySet {
  /** `LIMIT $2 OFFSET $3`: the seed's simple pagination; cost grows with the offset. */
  readonly offset: string;
  /** The whole ordered result, for a server-side cursor (`pg-cursor`). */
  readonly cursor: string;
  /** Keyset phase 1, first page: contacts never contacted (`NULL` date), by id. */
  readonly keysetNullFirst: string;
  /** Keyset phase 1, next page: `id > $3`. */
  readonly keysetNullNext: string;
  /** Keyset phase 2, first page: dated contacts. */
  readonly keysetDatedFirst: string;
  /** Keyset phase 2, next page: `(last_contact_date, id) > ($3, $4)`. */
  readonly keysetDatedNext: string;
}

// Aliases map snake_case columns to the camelCase `Contact` fields inside PostgreSQL, so rows
// arrive in their final shape and no per-row mapping allocates a second object.
const FULL_COLUMNS = `c.id, c.user_id AS "userId", c.name, c.email, c.phone, c.linked_in AS "linkedIn",
  c.instagram, c.x_handle AS "xHandle", c.other_social_media AS "otherSocialMedia", c.location,
  c.custom_notes AS "customNotes", c.last_contact_date AS "lastContactDate",
  c.frequency_preference AS "frequencyPreference", c.timezone, c.archived,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

// Group ids come from a correlated ARRAY(...) subquery rather than the seed's
// LEFT JOIN … GROUP BY … LIMIT/OFFSET: GROUP BY must aggregate the user's whole contact set
// before the first row of any page can be returned (every page costs a full pass), while the
// subquery is one primary-key lookup per contact, so rows still stream straight out of the
// (user_id, last_contact_date, id) index and a cursor or keyset page reads only what it returns.
const MINIMAL_COLUMNS = `c.id, c.name, c.last_contact_date AS "lastContactDate",
  c.frequency_preference AS "frequencyPreference",
  ARRAY(SELECT cg.group_id FROM contact_groups cg WHERE cg.contact_id = c.id ORDER BY cg.group_id) AS groups`;

const FROM = 'FROM contacts c WHERE c.user_id = $1 AND c.archived = false';
const ORDER = 'ORDER BY c.last_contact_date ASC NULLS FIRST, c.id';

function querySet(columns: string): ContactQuerySet {
  const select = `SELECT ${columns} ${FROM}`;
  return Object.freeze({
    offset: `${select} ${ORDER} LIMIT $2 OFFSET $3`,
    cursor: `${select} ${ORDER}`,
    // Phase 1 orders by the full index order although every date is NULL: with `ORDER BY id`
    // alone the planner does not see that the index delivers id order after `IS NULL`, and
    // walks the primary key instead, filtering out other users' rows (measured: 10× slower).
    keysetNullFirst: `${select} AND c.last_contact_date IS NULL ${ORDER} LIMIT $2`,
    keysetNullNext: `${select} AND c.last_contact_date IS NULL AND c.id > $3::uuid ${ORDER} LIMIT $2`,
    keysetDatedFirst: `${select} AND c.last_contact_date IS NOT NULL ${ORDER} LIMIT $2`,
    // A row comparison is one index condition on (last_contact_date, id); NULL dates never
    // satisfy it, so phase 2 cannot repeat phase 1's rows.
    keysetDatedNext: `${select} AND (c.last_contact_date, c.id) > ($3::timestamptz, $4::uuid) ${ORDER} LIMIT $2`,
  });
}

/** Statements per projection. */
export const CONTACT_QUERIES: Readonly<Record<ContactProjection, ContactQuerySet>> = Object.freeze({
  full: querySet(FULL_COLUMNS),
  minimal: querySet(MINIMAL_COLUMNS),
});
