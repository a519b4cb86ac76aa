/**
 * The contacts data set of seed 001 (`contacts`, `groups`, `contact_groups`): one user per
 * record count (and, for the reference service, more users of the same size: the `user`
 * option), generated deterministically and bulk-loaded with COPY. Seeding is idempotent
 * across invocations (a marker row in `heapgate_seeds`) and safe when several processes seed
 * the same database at once (an advisory lock). Shared: every scenario that reads one user's
 * contacts (`suggestions`, and the ones to come) seeds this one data set.
 *
 * Seeding 100k contacts (~5 KB each, 510 MB of COPY text) takes ~20 s on a 2-core machine,
 * most of it PostgreSQL compressing `custom_notes` with its default TOAST compression (pglz):
 * a server-side COPY of the same rows took 12.1 s with pglz and 4.6 s with
 * `STORAGE EXTERNAL`. The default is kept, as a production table would have it; generation
 * itself is ~2.5 s of Node CPU.
 */
import { generateMersenne53Randomizer, type Randomizer } from '@faker-js/faker';
import { copyField, copyRows } from 'heapgate/services';
import type pg from 'pg';
import { CONTACTS_SCHEMA_SQL } from '../../reference-impl/contacts/contacts-schema.js';
import type { FrequencyOption } from '../../reference-impl/contacts/contact.js';
import { buildContactValuePools, type ContactValuePools } from './contacts-value-pools.js';

import { CONTACTS_DATASET_VERSION } from './contacts-dataset-version.js';

export { CONTACTS_DATASET_VERSION };

/**
 * What variants need to find and interpret a data set. A type alias rather than an interface
 * so it is assignable to the contract's `JsonValue` (it crosses to the measured child).
 */
export type ContactsDataset = {
  /** Owner of every row of this data set: `seed-<records>` (user 0) or `seed-<records>-u<user>`. */
  readonly userId: string;
  /** Contacts generated (archived ones included). */
  readonly records: number;
  /**
   * The data set's "now", in epoch milliseconds: dates are generated before it, and priority
   * scoring must use it (not the wall clock) for results to be reproducible.
   */
  readonly referenceTimeMs: number;
};

/** Options of {@link seedContactsDataset}. */
export interface SeedContactsOptions {
  /** Contacts to generate (≥ 1). */
  readonly records: number;
  /**
   * Which user of this size to seed, 0–{@link MAX_CONTACTS_USER}: user 0 is `seed-<records>`,
   * the data set scenarios measure; user n > 0 is `seed-<records>-u<n>`, with rows (and ids)
   * of its own, for the reference service's several users. Each user is its own data set
   * (own marker, reused on its own).
   * @default 0
   */
  readonly user?: number;
  /**
   * Run `VACUUM (ANALYZE)` over the three tables after writing. Seeding many users in a row
   * should pass `false` and call {@link vacuumContactsTables} once at the end: each vacuum scans
   * every user's rows, so one per user makes seeding N users quadratic.
   * @default true
   */
  readonly vacuum?: boolean;
  /** Progress lines (reuse or rows/s). @default no output */
  readonly log?: (message: string) => void;
}

/** Outcome of {@link seedContactsDataset}; shaped like the scenario contract's `SeedResult`. */
export interface SeedContactsResult {
  /** Rows written to all three tables; 0 when an existing data set was reused. */
  readonly rowsWritten: number;
  readonly bytesWritten: number;
  readonly dataset: ContactsDataset;
}

/** Fixed "now" of every data set: 2025-01-01T00:00:00Z. */
export const CONTACTS_REFERENCE_TIME_MS = Date.UTC(2025, 0, 1);

const GROUPS_PER_USER = 12;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
/** Seed-001 §6 puts a `SELECT *` contact row at ~5 KB; notes carry most of it. */
const NOTES_MIN_CHARS = 3_600;
const NOTES_MAX_CHARS = 5_200;

const FREQUENCY_WEIGHTS: readonly (readonly [FrequencyOption, number])[] = [
  ['daily', 0.02],
  ['weekly', 0.15],
  ['biweekly', 0.15],
  ['monthly', 0.3],
  ['quarterly', 0.2],
  ['yearly', 0.1],
  ['flexible', 0.08],
];

const OTHER_NETWORKS: readonly (readonly [string, string])[] = [
  ['github', 'https://github.com/'],
  ['mastodon', 'https://mastodon.social/@'],
  ['bluesky', 'https://bsky.app/profile/'],
  ['telegram', 'https://t.me/'],
  ['youtube', 'https://www.youtube.com/@'],
  ['threads', 'https://www.threads.net/@'],
  ['website', 'https://www.'],
  ['calendly', 'https://calendly.com/'],
];

/** The largest `user` {@link seedContactsDataset} accepts (see {@link contactsRandomSeed}). */
export const MAX_CONTACTS_USER = 4095;

/** The user id of the data set with `records` contacts: `seed-<records>`, or `seed-<records>-u<user>` for user > 0. */
export function contactsUserId(records: number, user = 0): string {
  return user === 0 ? `seed-${records}` : `seed-${records}-u${user}`;
}

/**
 * The PRNG seed of a data set. User 0 keeps the seed every existing data set was generated
 * with, so scenario figures do not move. Other users flip bits 20–31: for record counts below
 * 2²⁰ every (records, user) pair then gets a different seed, so no two data sets in one
 * database draw the same ids.
 */
function contactsRandomSeed(records: number, user: number): number {
  return user === 0 ? 0x5eed_0001 ^ records : (0x5eed_0001 ^ records ^ (user << 20)) >>> 0;
}

/** The marker key of the data set of `userId`, at the current generator version. */
function markerKey(userId: string): string {
  return `contacts/${userId}/v${CONTACTS_DATASET_VERSION}`;
}

/**
 * `VACUUM (ANALYZE)` of the contacts tables: sets hint bits and the visibility map now, so the
 * first measured run does not pay for writing every page back, and gives the planner the
 * statistics that make it pick idx_contacts_user_last_contact. Outside any transaction.
 */
export async function vacuumContactsTables(client: pg.ClientBase): Promise<void> {
  await client.query('VACUUM (ANALYZE) contacts, groups, contact_groups');
}

/**
 * Creates the schema if needed and seeds the data set for `records` unless it already exists.
 * Tables go to the first schema of the connection's `search_path` (tests use their own schema).
 */
export async function seedContactsDataset(client: pg.ClientBase, options: SeedContactsOptions): Promise<SeedContactsResult> {
  const { records } = options;
  if (!Number.isInteger(records) || records < 1) throw new TypeError(`records must be an integer ≥ 1, got ${String(records)}`);
  const user = options.user ?? 0;
  if (!Number.isInteger(user) || user < 0 || user > MAX_CONTACTS_USER) {
    throw new TypeError(`user must be an integer in [0, ${MAX_CONTACTS_USER}], got ${String(user)}`);
  }
  const log = options.log ?? (() => {});
  const userId = contactsUserId(records, user);
  const dataset: ContactsDataset = { userId, records, referenceTimeMs: CONTACTS_REFERENCE_TIME_MS };
  const key = markerKey(userId);
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  await client.query('BEGIN');
  try {
    // Serialises concurrent seeders (parallel test files, two harness invocations on one
    // PG_URL): the second waits, then finds the marker. Also covers CREATE TABLE IF NOT EXISTS,
    // which is not safe against a concurrent creator of the same table.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('heapgate:contacts-dataset'))`);
    for (const sql of CONTACTS_SCHEMA_SQL) await client.query(sql);
    await client.query(`CREATE TABLE IF NOT EXISTS heapgate_seeds (
      key text PRIMARY KEY, rows integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    const existing = await client.query<{ rows: number }>('SELECT rows FROM heapgate_seeds WHERE key = $1', [key]);
    if (existing.rowCount) {
      await client.query('COMMIT');
      log(`contacts: reusing ${userId} (${existing.rows[0]!.rows.toLocaleString('en-US')} rows, v${CONTACTS_DATASET_VERSION})`);
      return { rowsWritten: 0, bytesWritten: 0, dataset };
    }
    // Rows of an older generator version (or of an aborted manual load) for this user.
    await client.query('DELETE FROM heapgate_seeds WHERE key LIKE $1', [`contacts/${userId}/%`]);
    await client.query('DELETE FROM contacts WHERE user_id = $1', [userId]); // cascades to contact_groups
    await client.query('DELETE FROM groups WHERE user_id = $1', [userId]);

    const generator = new ContactRowGenerator(records, contactsRandomSeed(records, user), buildContactValuePools());
    const groupStats = await copyRows(client, 'COPY groups (id, user_id, name) FROM STDIN', generator.groupLines(userId));
    const contactStats = await copyRows(
      client,
      `COPY contacts (id, user_id, name, email, phone, linked_in, instagram, x_handle, other_social_media,
        location, custom_notes, last_contact_date, frequency_preference, timezone, archived, created_at, updated_at)
       FROM STDIN`,
      generator.contactLines(userId),
    );
    const membershipStats = await copyRows(
      client,
      'COPY contact_groups (contact_id, group_id) FROM STDIN',
      generator.takeMembershipLines(),
    );
    rows = groupStats.rows + contactStats.rows + membershipStats.rows;
    bytes = groupStats.bytes + contactStats.bytes + membershipStats.bytes;
    await client.query('INSERT INTO heapgate_seeds (key, rows) VALUES ($1, $2)', [key, rows]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  const loadedMs = performance.now() - started;
  // Outside the transaction (see vacuumContactsTables).
  if (options.vacuum !== false) await vacuumContactsTables(client);
  const totalMs = performance.now() - started;
  log(
    `contacts: seeded ${userId}: ${rows.toLocaleString('en-US')} rows (${records.toLocaleString('en-US')} contacts), ` +
      `${(bytes / 1e6).toFixed(1)} MB in ${(totalMs / 1000).toFixed(1)} s — ` +
      `${Math.round(rows / (loadedMs / 1000)).toLocaleString('en-US')} rows/s loading, ` +
      `${(bytes / 1e6 / (loadedMs / 1000)).toFixed(1)} MB/s; vacuum+analyze ${((totalMs - loadedMs) / 1000).toFixed(1)} s`,
  );
  return { rowsWritten: rows, bytesWritten: bytes, dataset };
}

/**
 * Assembles COPY lines from the value pools with a PRNG seeded by the record count and user:
 * the same `records` and user always yield the same rows (ids included), different ones
 * different ids.
 */
class ContactRowGenerator {
  readonly #records: number;
  readonly #pools: ContactValuePools;
  readonly #rng: Randomizer;
  readonly #groupIds: string[] = [];
  #memberships: string[] = [];

  constructor(records: number, seed: number, pools: ContactValuePools) {
    this.#records = records;
    this.#pools = pools;
    this.#rng = generateMersenne53Randomizer(seed);
  }

  *groupLines(userId: string): Generator<string> {
    const names = this.#pools.groupNames;
    for (let i = 0; i < GROUPS_PER_USER; i++) {
      const id = this.#uuid();
      this.#groupIds.push(id);
      yield `${id}\t${copyField(userId)}\t${copyField(names[this.#int(names.length)]!)}`;
    }
  }

  *contactLines(userId: string): Generator<string> {
    const p = this.#pools;
    const user = copyField(userId);
    for (let i = 0; i < this.#records; i++) {
      const id = this.#uuid();
      const first = this.#pick(p.firstNames);
      const last = this.#pick(p.lastNames);
      const handle = this.#pick(p.handles);
      const lastContactMs =
        this.#rng.next() < 0.05 ? null : CONTACTS_REFERENCE_TIME_MS - Math.floor(this.#rng.next() * 730 * 96) * QUARTER_HOUR_MS;
      const createdMs = (lastContactMs ?? CONTACTS_REFERENCE_TIME_MS) - Math.floor(this.#rng.next() * 1500 * DAY_MS);
      const updatedMs = Math.min(CONTACTS_REFERENCE_TIME_MS, createdMs + Math.floor(this.#rng.next() * 400 * DAY_MS));
      const fields = [
        id,
        user,
        copyField(`${first} ${last}`),
        copyField(`${first}.${last}${i}@${this.#pick(p.emailDomains)}`.toLowerCase()),
        this.#rng.next() < 0.9 ? copyField(this.#pick(p.phones)) : '\\N',
        this.#rng.next() < 0.6 ? `https://www.linkedin.com/in/${handle}-${i.toString(36)}` : '\\N',
        this.#rng.next() < 0.5 ? `${handle}${this.#int(100)}` : '\\N',
        this.#rng.next() < 0.5 ? `${handle}_${this.#int(1000)}` : '\\N',
        this.#rng.next() < 0.8 ? copyField(this.#otherSocialMedia(handle)) : '\\N',
        copyField(this.#pick(p.locations)),
        this.#notes(),
        lastContactMs === null ? '\\N' : new Date(lastContactMs).toISOString(),
        this.#frequency(),
        copyField(this.#pick(p.timezones)),
        this.#rng.next() < 0.03 ? 't' : 'f',
        new Date(createdMs).toISOString(),
        new Date(updatedMs).toISOString(),
      ];
      this.#addMemberships(id);
      yield fields.join('\t');
    }
  }

  /** Membership lines collected while generating contacts; hands them over once. */
  takeMembershipLines(): string[] {
    const lines = this.#memberships;
    this.#memberships = [];
    return lines;
  }

  #addMemberships(contactId: string): void {
    const r = this.#rng.next();
    const count = r < 0.25 ? 0 : r < 0.65 ? 1 : r < 0.9 ? 2 : 3;
    const start = this.#int(GROUPS_PER_USER);
    // Consecutive groups from a random start: distinct without a set per contact.
    for (let k = 0; k < count; k++) {
      this.#memberships.push(`${contactId}\t${this.#groupIds[(start + k) % GROUPS_PER_USER]}`);
    }
  }

  #otherSocialMedia(handle: string): string {
    const n = 3 + this.#int(4);
    const start = this.#int(OTHER_NETWORKS.length);
    const entries: Record<string, string> = {};
    for (let k = 0; k < n; k++) {
      const [network, prefix] = OTHER_NETWORKS[(start + k) % OTHER_NETWORKS.length]!;
      entries[network] = network === 'website' ? `${prefix}${handle}.example.com/about` : `${prefix}${handle}`;
    }
    return JSON.stringify(entries);
  }

  /**
   * Paragraphs joined by a blank line, already in COPY text form: pool entries contain no
   * characters COPY escapes, and `\n` here is COPY's escape for a newline. Skipping
   * copyField's escaping pass over ~4 KB per row matters at 100k rows.
   */
  #notes(): string {
    const target = NOTES_MIN_CHARS + this.#int(NOTES_MAX_CHARS - NOTES_MIN_CHARS);
    const paragraphs = this.#pools.paragraphs;
    let notes = this.#pick(paragraphs);
    while (notes.length < target) notes += `\\n\\n${this.#pick(paragraphs)}`;
    return notes;
  }

  #frequency(): FrequencyOption {
    let r = this.#rng.next();
    for (const [option, weight] of FREQUENCY_WEIGHTS) {
      if (r < weight) return option;
      r -= weight;
    }
    return 'flexible';
  }

  #int(n: number): number {
    return Math.floor(this.#rng.next() * n);
  }

  #pick<T>(values: readonly T[]): T {
    return values[this.#int(values.length)]!;
  }

  /** A version-4 UUID from 128 PRNG bits (MT19937 state: streams of different seeds never meet in practice). */
  #uuid(): string {
    let h = '';
    for (let k = 0; k < 4; k++)
      h += Math.floor(this.#rng.next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    const variant = '89ab'[Number.parseInt(h[16]!, 16) & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}
