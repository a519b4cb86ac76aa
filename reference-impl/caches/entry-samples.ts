/**
 * Cache entries shaped like the seeds' (seed 001 contacts, calendar events and suggestions;
 * seed 004 tenant data), used to measure entry sizers against real heap. Every sample is built
 * through `JSON.parse`, as values arriving from Redis, a JSON API or a `jsonb` column are, and
 * carries its index in its strings so that samples do not share string payloads.
 */

/** Names of the sample kinds. */
export type EntrySampleKind = 'contact' | 'calendar-events' | 'suggestions' | 'credit-costs' | 'user-profile';

/** Every sample kind. */
export const ENTRY_SAMPLE_KINDS: readonly EntrySampleKind[] = Object.freeze([
  'contact',
  'calendar-events',
  'suggestions',
  'credit-costs',
  'user-profile',
]);

const pad = (i: number, width: number) => String(i).padStart(width, '0');
const iso = (i: number) => `2024-0${1 + (i % 9)}-1${i % 10}T10:${pad(i % 60, 2)}:00.000Z`;

function contact(i: number): object {
  return {
    id: `c0ffee00-0000-4000-8000-${pad(i, 12)}`,
    userId: `u0ffee00-0000-4000-8000-${pad(i % 97, 12)}`,
    name: `Contact Person ${i}`,
    email: `contact.person.${i}@example.com`,
    phone: `+1 555 ${pad(i % 10_000_000, 7)}`,
    linkedIn: `https://www.linkedin.com/in/contact-${i}`,
    instagram: i % 3 === 0 ? `@contact_${i}` : null,
    xHandle: null,
    otherSocialMedia: i % 4 === 0 ? { mastodon: `@c${i}@example.social` } : null,
    location: `City ${i % 500}, Country`,
    customNotes: `Met at conference ${i % 40}; follow up about project ${i}.`,
    lastContactDate: iso(i),
    frequencyPreference: 'monthly',
    timezone: 'Europe/Berlin',
    archived: false,
    createdAt: iso(i + 1),
    updatedAt: iso(i + 2),
  };
}

function calendarEvents(i: number): object {
  return Array.from({ length: 5 }, (_, k) => ({
    id: `evt-${i}-${k}`,
    title: `Meeting ${i}/${k} with the team`,
    start: iso(i + k),
    end: iso(i + k + 1),
    attendees: [`a${i}@example.com`, `b${k}-${i}@example.com`],
    location: k % 2 === 0 ? `Room ${k}-${i % 50}` : null,
  }));
}

function suggestions(i: number): object {
  return Array.from({ length: 10 }, (_, k) => ({
    contactId: `c0ffee00-0000-4000-8000-${pad(i * 10 + k, 12)}`,
    contactName: `Contact Person ${i * 10 + k}`,
    reason: 'overdue',
    daysOverdue: (i + k) % 90,
    score: ((i * 31 + k) % 1000) / 7,
  }));
}

function creditCosts(i: number): object {
  return Array.from({ length: 30 }, (_, k) => ({
    operationCode: `crm.module${k % 7}.op${k}-${i}`,
    cost: ((i + k) % 20) / 2 + 0.5,
    updatedAt: iso(i + k),
  }));
}

function userProfile(i: number): object {
  return {
    userId: `user-${i}`,
    email: `user.${i}@tenant${i % 1000}.example.com`,
    name: `User Number ${i}`,
    department: `Department ${i % 12}`,
    role: `Role ${i % 7}`,
    avatar: `https://cdn.example.com/avatars/tenant-${i % 1000}/user-${i}.png?size=128`,
    preferences: {
      theme: i % 2 ? 'dark' : 'light',
      locale: 'en-US',
      notifications: { email: true, push: i % 3 === 0 },
      pinned: [`p${i}`, `q${i}`],
    },
  };
}

const BUILDERS: Readonly<Record<EntrySampleKind, (i: number) => object>> = {
  contact,
  'calendar-events': calendarEvents,
  suggestions,
  'credit-costs': creditCosts,
  'user-profile': userProfile,
};

/** The `i`-th sample of `kind`, freshly parsed from JSON. */
export function entrySample(kind: EntrySampleKind, i: number): unknown {
  return JSON.parse(JSON.stringify(BUILDERS[kind](i)));
}
