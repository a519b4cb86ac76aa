/**
 * Value pools for the contacts data set, built once with a fixed faker seed. Rows are then
 * assembled by drawing from these pools with a seeded PRNG: faker runs a few thousand times per
 * data set instead of ~20 times per row, so generating 100k rows costs less than loading them.
 */
import { base, en, Faker } from '@faker-js/faker';

/** Strings rows are assembled from. Every entry is COPY-safe (no tab, newline or backslash). */
export interface ContactValuePools {
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly emailDomains: readonly string[];
  readonly phones: readonly string[];
  readonly locations: readonly string[];
  readonly timezones: readonly string[];
  readonly handles: readonly string[];
  /** Note paragraphs (~150–700 characters); a note is several of them. */
  readonly paragraphs: readonly string[];
  readonly groupNames: readonly string[];
}

/** Faker seed of the pools. Changing it (or the pool sizes) changes every data set. */
export const CONTACT_POOLS_FAKER_SEED = 1318;

const copySafe = (s: string) => s.replace(/[\t\n\r\\]/g, ' ');
const unique = (values: string[]) => [...new Set(values)];

/** Builds the pools (deterministic: same output on every call and machine). */
export function buildContactValuePools(): ContactValuePools {
  const f = new Faker({ locale: [en, base], seed: CONTACT_POOLS_FAKER_SEED });
  const times = <T>(n: number, fn: () => T): T[] => Array.from({ length: n }, fn);
  const paragraphs = times(600, () => {
    // Mix registers so notes look like notes, not only lorem ipsum.
    switch (f.number.int({ min: 0, max: 2 })) {
      case 0:
        return `${f.hacker.phrase()} ${f.lorem.paragraph({ min: 2, max: 6 })}`;
      case 1:
        return `Met at ${f.company.name()} (${f.commerce.department()}). ${f.company.catchPhrase()}. ${f.lorem.sentences({ min: 2, max: 5 })}`;
      default:
        return `${f.lorem.paragraph({ min: 3, max: 8 })} Follow up about ${f.word.noun()} and ${f.word.noun()}.`;
    }
  }).map(copySafe);
  return Object.freeze({
    firstNames: unique(times(700, () => f.person.firstName())).map(copySafe),
    lastNames: unique(times(700, () => f.person.lastName())).map(copySafe),
    emailDomains: unique(times(60, () => f.internet.domainName())).map(copySafe),
    phones: times(2000, () => f.phone.number({ style: 'international' })).map(copySafe),
    locations: times(500, () => `${f.location.city()}, ${f.location.country()}`).map(copySafe),
    timezones: unique(times(200, () => f.location.timeZone())).map(copySafe),
    handles: unique(
      times(3000, () =>
        f.internet
          .username()
          .toLowerCase()
          .replace(/[^a-z0-9_.]/g, ''),
      ),
    ).filter(Boolean),
    paragraphs,
    groupNames: unique(times(60, () => `${f.commerce.department()} ${f.word.noun()}`)).map(copySafe),
  });
}
