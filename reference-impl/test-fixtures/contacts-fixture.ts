/**
 * A small, deterministic contacts data set for the repository and suggestion tests: seed 001's
 * tables (`contacts`, `groups`, `contact_groups`, created with {@link createContactsSchema}),
 * written with parameterised `INSERT … SELECT FROM unnest($1::…[], …)`, one statement per table.
 *
 * Built so that what the tests check can fail, and stated as counts the tests can assert on:
 * - about 1 in 20 contacts was never contacted (NULL `last_contact_date`): they sort first and
 *   form a group larger than a small batch, so a batch straddles the keyset phase boundary;
 * - about 1 in 29 contacts is archived, which every read must leave out (contact 123 is
 *   archived and never contacted);
 * - dates carry milliseconds, and about 1 in 9 contacts shares the previous contact's date, so
 *   keyset bounds must round-trip exactly and fall back on the `id` tiebreak;
 * - contacts belong to 0, 1, 2 or 3 of the user's 12 groups;
 * - a second user's contacts, groups and memberships sit in the same tables, interleaved in
 *   date order, so a query that forgets `user_id` returns too much;
 * - strings carry quotes, backslashes, tabs, newlines and non-ASCII characters, nullable
 *   columns are NULL in some rows, and `other_social_media` is JSON in half of them.
 *
 * The same `records` always writes the same rows (ids included): a PRNG seeded by user id.
 */
import type pg from 'pg';
import { FREQUENCY_OPTIONS, type FrequencyOption } from '../contacts/contact.js';
import { createContactsSchema } from '../contacts/contacts-schema.js';

/** Options of {@link seedContactsFixture}. */
export interface SeedContactsFixtureOptions {
  /** Contacts of the fixture's user, archived ones included (≥ 1). */
  readonly records: number;
  /** Contacts of the second user, who shares the tables. @default 25 */
  readonly otherUserContacts?: number;
}

/** What {@link seedContactsFixture} wrote, for the tests' preconditions. */
export interface ContactsFixture {
  /** Owner of the `records` contacts: `fixture-<records>`. */
  readonly userId: string;
  /** Contacts of `userId`, archived ones included. */
  readonly records: number;
  /** Contacts of `userId` that are not archived. */
  readonly activeContacts: number;
  /** Active contacts of `userId` with a NULL `last_contact_date`. */
  readonly neverContacted: number;
  /** Archived contacts of `userId`. */
  readonly archived: number;
  /** Active, dated contacts of `userId` whose date equals another active contact's. */
  readonly sharedDates: number;
  /** The second user, whose rows every query for `userId` must leave out. */
  readonly otherUserId: string;
  /**
   * The fixture's "now" in epoch milliseconds (2025-01-01T00:00:00Z): every date lies before
   * it, and priority scoring must use it for results to be reproducible.
   */
  readonly referenceTimeMs: number;
}

/** Fixed "now" of the fixture: 2025-01-01T00:00:00Z. */
export const CONTACTS_FIXTURE_TIME_MS = Date.UTC(2025, 0, 1);

const GROUPS_PER_USER = 12;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
/** Dates spread over the two years before the reference time. */
const DATE_SLOTS = 730 * 96;

const FIRST_NAMES = ['Zoë', 'Łukasz', 'María José', "Seán O'Neill", 'Nguyễn', 'Ana "Nani"', 'Jörg', 'Aiko'] as const;
const TIMEZONES = ['Europe/Berlin', 'America/Mexico_City', 'Asia/Tokyo', null] as const;
const NOTE_LINES = [
  'Met at the "Data & Memory" meetup.',
  'Prefers e-mail; phone only for urgent things.',
  'Path on the shared drive: C:\\Projects\\heapgate\\notes.txt',
  'Tab-separated:\tbudget\tQ3',
  'Café con leche ☕, not tea.',
] as const;

/** mulberry32: small, seeded, and the same on every machine. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Column arrays of one table, in the order of its INSERT. */
type Columns = unknown[][];

interface UserRows {
  readonly groups: Columns;
  readonly contacts: Columns;
  readonly memberships: Columns;
  readonly counts: { active: number; neverContacted: number; archived: number; sharedDates: number };
}

function generateUser(userId: string, count: number): UserRows {
  const random = createRandom(seedOf(userId));
  const int = (n: number) => Math.floor(random() * n);
  const uuid = () => {
    let h = '';
    for (let k = 0; k < 4; k++)
      h += Math.floor(random() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(4)]}${h.slice(17, 20)}-${h.slice(20)}`;
  };
  const groups: Columns = [[], [], []];
  const groupIds: string[] = [];
  for (let g = 0; g < GROUPS_PER_USER; g++) {
    const id = uuid();
    groupIds.push(id);
    groups[0]!.push(id);
    groups[1]!.push(userId);
    groups[2]!.push(`Group ${g} — "${userId}"`);
  }
  const contacts: Columns = Array.from({ length: 17 }, () => []);
  const memberships: Columns = [[], []];
  const counts = { active: 0, neverContacted: 0, archived: 0, sharedDates: 0 };
  const activeDates = new Map<number, number>();
  let previousMs: number | null = null;
  for (let i = 0; i < count; i++) {
    const id = uuid();
    const archived = i % 29 === 7;
    let lastMs: number | null;
    if (i % 20 === 3) lastMs = null;
    else if (i % 9 === 4 && previousMs !== null) lastMs = previousMs;
    else lastMs = CONTACTS_FIXTURE_TIME_MS - (1 + int(DATE_SLOTS)) * QUARTER_HOUR_MS - int(1000);
    previousMs = lastMs;
    const createdMs = (lastMs ?? CONTACTS_FIXTURE_TIME_MS) - int(1500 * DAY_MS);
    const updatedMs = Math.min(CONTACTS_FIXTURE_TIME_MS, createdMs + int(400 * DAY_MS));
    const frequency: FrequencyOption = FREQUENCY_OPTIONS[int(FREQUENCY_OPTIONS.length)]!;
    const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
    const notes = Array.from({ length: 1 + (i % 4) }, (_, k) => NOTE_LINES[(i + k) % NOTE_LINES.length]!).join('\n');
    const row = [
      id,
      userId,
      `${first} ${i}`,
      i % 10 === 9 ? null : `contact.${i}@example.com`,
      i % 4 === 1 ? null : `+52 55 ${String(int(100_000_000)).padStart(8, '0')}`,
      i % 3 === 0 ? `https://www.linkedin.com/in/contact-${i}` : null,
      i % 5 === 0 ? `@contact_${i}` : null,
      i % 7 === 0 ? `contact${i}` : null,
      i % 2 === 0 ? JSON.stringify({ github: `https://github.com/c${i}`, mastodon: `@c${i}@example.social` }) : null,
      `Ciudad ${i % 40}, México`,
      i % 11 === 10 ? null : notes,
      lastMs === null ? null : new Date(lastMs).toISOString(),
      frequency,
      TIMEZONES[i % TIMEZONES.length],
      archived,
      new Date(createdMs).toISOString(),
      new Date(updatedMs).toISOString(),
    ];
    for (let c = 0; c < row.length; c++) contacts[c]!.push(row[c]);
    // 0, 1, 2 or 3 consecutive groups from a random start: distinct without a set.
    const start = int(GROUPS_PER_USER);
    for (let k = 0; k < i % 4; k++) {
      memberships[0]!.push(id);
      memberships[1]!.push(groupIds[(start + k) % GROUPS_PER_USER]);
    }
    if (archived) counts.archived++;
    else {
      counts.active++;
      if (lastMs === null) counts.neverContacted++;
      else activeDates.set(lastMs, (activeDates.get(lastMs) ?? 0) + 1);
    }
  }
  for (const n of activeDates.values()) if (n > 1) counts.sharedDates += n;
  return { groups, contacts, memberships, counts };
}

const INSERT_GROUPS = 'INSERT INTO groups (id, user_id, name) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])';
const INSERT_CONTACTS = `INSERT INTO contacts (id, user_id, name, email, phone, linked_in, instagram, x_handle,
    other_social_media, location, custom_notes, last_contact_date, frequency_preference, timezone, archived,
    created_at, updated_at)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::jsonb[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::text[], $15::boolean[],
    $16::timestamptz[], $17::timestamptz[])`;
const INSERT_MEMBERSHIPS = 'INSERT INTO contact_groups (contact_id, group_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])';

/**
 * Creates the contacts schema (in the first schema of the connection's `search_path`; use a
 * {@link createTestSchema} connection) and writes the fixture for `records` contacts plus the
 * second user's rows, in one transaction.
 */
export async function seedContactsFixture(client: pg.ClientBase, options: SeedContactsFixtureOptions): Promise<ContactsFixture> {
  const { records } = options;
  const otherCount = options.otherUserContacts ?? 25;
  if (!Number.isInteger(records) || records < 1) throw new TypeError(`records must be an integer ≥ 1, got ${String(records)}`);
  if (!Number.isInteger(otherCount) || otherCount < 0)
    throw new TypeError(`otherUserContacts must be an integer ≥ 0, got ${String(otherCount)}`);
  const userId = `fixture-${records}`;
  const otherUserId = `fixture-${records}-other`;
  const users = [generateUser(userId, records), generateUser(otherUserId, otherCount)];
  await client.query('BEGIN');
  try {
    await createContactsSchema(client);
    for (const user of users) {
      await client.query(INSERT_GROUPS, user.groups);
      await client.query(INSERT_CONTACTS, user.contacts);
      await client.query(INSERT_MEMBERSHIPS, user.memberships);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  const { counts } = users[0]!;
  return {
    userId,
    records,
    activeContacts: counts.active,
    neverContacted: counts.neverContacted,
    archived: counts.archived,
    sharedDates: counts.sharedDates,
    otherUserId,
    referenceTimeMs: CONTACTS_FIXTURE_TIME_MS,
  };
}
