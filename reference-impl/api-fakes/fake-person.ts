/**
 * Deterministic Google People `Person` resources (https://developers.google.com/people/api/rest/v1/people#Person)
 * for the contacts fake: item `index` at `revision` renders the same on every request. Every
 * field carries its `metadata.source`, as the real API's do; that nesting is what makes a
 * person ~2 KB of JSON.
 */
import type { CollectionItem } from './versioned-collection.js';
import { hexDigits, integerBetween, pick, type RandomSource, seededRandom } from './seeded-random.js';

/** A field's metadata, as every People field carries it. */
export interface FakeFieldMetadata {
  readonly primary?: boolean;
  readonly sourcePrimary?: boolean;
  readonly source: { readonly type: 'CONTACT'; readonly id: string };
}

/** The subset of `Person` the fake renders (the fields a contact sync asks for). */
export interface FakePerson {
  readonly resourceName: string;
  readonly etag: string;
  readonly metadata: {
    readonly sources?: readonly { readonly type: 'CONTACT'; readonly id: string; readonly etag: string; readonly updateTime: string }[];
    readonly objectType?: 'PERSON';
    readonly deleted?: boolean;
  };
  readonly names?: readonly {
    readonly metadata: FakeFieldMetadata;
    readonly displayName: string;
    readonly familyName: string;
    readonly givenName: string;
    readonly displayNameLastFirst: string;
    readonly unstructuredName: string;
  }[];
  readonly emailAddresses?: readonly {
    readonly metadata: FakeFieldMetadata;
    readonly value: string;
    readonly type: string;
    readonly formattedType: string;
  }[];
  readonly phoneNumbers?: readonly {
    readonly metadata: FakeFieldMetadata;
    readonly value: string;
    readonly canonicalForm: string;
    readonly type: string;
    readonly formattedType: string;
  }[];
  readonly organizations?: readonly {
    readonly metadata: FakeFieldMetadata;
    readonly name: string;
    readonly title: string;
    readonly type: 'work';
  }[];
  readonly biographies?: readonly { readonly metadata: FakeFieldMetadata; readonly value: string; readonly contentType: 'TEXT_PLAIN' }[];
  readonly addresses?: readonly {
    readonly metadata: FakeFieldMetadata;
    readonly formattedValue: string;
    readonly type: string;
    readonly city: string;
    readonly countryCode: string;
  }[];
  readonly birthdays?: readonly { readonly metadata: FakeFieldMetadata; readonly date: { readonly month: number; readonly day: number } }[];
  readonly urls?: readonly {
    readonly metadata: FakeFieldMetadata;
    readonly value: string;
    readonly type: string;
    readonly formattedType: string;
  }[];
  readonly memberships?: readonly {
    readonly metadata: { readonly source: { readonly type: 'CONTACT'; readonly id: string } };
    readonly contactGroupMembership: { readonly contactGroupId: string; readonly contactGroupResourceName: string };
  }[];
}

/** User contact groups every fake account has, besides the system group `myContacts`. */
export const FAKE_CONTACT_GROUP_COUNT = 12;

const GIVEN = [
  'Ana',
  'Luis',
  'María',
  'José',
  'Sofía',
  'Mateo',
  'Lucía',
  'Diego',
  'Valentina',
  'Jonas',
  'Amara',
  'Kenji',
  'Priya',
  'Oskar',
  'Zoë',
  'Élodie',
];
const FAMILY = [
  'García',
  'Martínez',
  'López',
  'Okafor',
  'Nakamura',
  'Schmidt',
  'Rossi',
  'Kowalski',
  'Nguyen',
  'Haddad',
  "O'Brien",
  'Silva',
];
const COMPANIES = ['Acme Logistics', 'Northwind', 'Globex', 'Initech', 'Umbrella Health', 'Stark Industries', 'Wayne Foods', 'Tyrell Bio'];
const TITLES = ['Engineer', 'Product Manager', 'Nurse', 'Teacher', 'Designer', 'Founder', 'Accountant', 'Chef'];
const CITIES = [
  ['Ciudad de México', 'MX'],
  ['Berlin', 'DE'],
  ['Lagos', 'NG'],
  ['Osaka', 'JP'],
  ['São Paulo', 'BR'],
  ['Toronto', 'CA'],
] as const;
const WORDS = ['met', 'at', 'the', 'conference', 'likes', 'climbing', 'coffee', 'kids', 'project', 'neighbour', 'book', 'club', 'trip'];

/** The `resourceName` of item `index` (`people/c…`, unique per index). */
export function fakePersonResourceName(index: number): string {
  return `people/c7${String(index).padStart(17, '0')}`;
}

/** The resource name of user contact group `g` (0 ≤ g < {@link FAKE_CONTACT_GROUP_COUNT}). */
export function fakeContactGroupResourceName(g: number): string {
  return `contactGroups/${hexDigits(seededRandom(`group:${g}`), 12)}`;
}

function words(random: RandomSource, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(random, WORDS));
  return out.join(' ');
}

/** Renders item `item` of a contacts fake (a tombstone when `item.deleted`). */
export function renderFakePerson(item: CollectionItem): FakePerson {
  const resourceName = fakePersonResourceName(item.index);
  const random = seededRandom(`person:${item.index}:${item.revision}`);
  const etag = `%Eg${hexDigits(random, 24)}`;
  const sourceId = hexDigits(seededRandom(`person-source:${item.index}`), 16);
  if (item.deleted) return { resourceName, etag, metadata: { deleted: true } };
  const source = { type: 'CONTACT' as const, id: sourceId };
  const primary: FakeFieldMetadata = { primary: true, sourcePrimary: true, source };
  const other: FakeFieldMetadata = { source };
  const given = pick(random, GIVEN);
  const family = pick(random, FAMILY);
  const displayName = `${given} ${family}`;
  const handle = `${given}.${family}${item.index}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  const [city, countryCode] = pick(random, CITIES);
  const phone = `+1 555 ${String(integerBetween(random, 100, 999))} ${String(integerBetween(random, 1000, 9999))}`;
  const groups = new Set<number>();
  for (let i = integerBetween(random, 0, 3); i > 0; i--) groups.add(integerBetween(random, 0, FAKE_CONTACT_GROUP_COUNT - 1));
  const membership = (resource: string) => ({
    metadata: { source },
    contactGroupMembership: { contactGroupId: resource.slice('contactGroups/'.length), contactGroupResourceName: resource },
  });
  return {
    resourceName,
    etag,
    metadata: {
      sources: [
        {
          type: 'CONTACT',
          id: sourceId,
          etag: `#${hexDigits(random, 12)}`,
          updateTime: new Date(Date.UTC(2026, 0, 1) + item.revision * 60_000).toISOString(),
        },
      ],
      objectType: 'PERSON',
    },
    names: [
      {
        metadata: primary,
        displayName,
        familyName: family,
        givenName: given,
        displayNameLastFirst: `${family}, ${given}`,
        unstructuredName: displayName,
      },
    ],
    emailAddresses: [
      { metadata: primary, value: `${handle}@example.com`, type: 'home', formattedType: 'Home' },
      ...(random() < 0.5 ? [{ metadata: other, value: `${handle}@work.example.org`, type: 'work', formattedType: 'Work' }] : []),
    ],
    phoneNumbers: [{ metadata: primary, value: phone, canonicalForm: phone.replace(/ /g, ''), type: 'mobile', formattedType: 'Mobile' }],
    organizations: [{ metadata: primary, name: pick(random, COMPANIES), title: pick(random, TITLES), type: 'work' }],
    biographies: [{ metadata: primary, value: words(random, integerBetween(random, 8, 30)), contentType: 'TEXT_PLAIN' }],
    addresses: [
      {
        metadata: primary,
        formattedValue: `${integerBetween(random, 1, 999)} Main St\n${city}\n${countryCode}`,
        type: 'home',
        city,
        countryCode,
      },
    ],
    birthdays: [{ metadata: primary, date: { month: integerBetween(random, 1, 12), day: integerBetween(random, 1, 28) } }],
    urls: [{ metadata: primary, value: `https://social.example/${handle}`, type: 'profile', formattedType: 'Profile' }],
    memberships: [
      membership('contactGroups/myContacts'),
      ...[...groups].sort((a, b) => a - b).map((g) => membership(fakeContactGroupResourceName(g))),
    ],
  };
}
