/**
 * A People `Person` flattened to the columns of `synced_contacts` plus its group resource
 * names: primary values first, as Google marks them.
 */
import type { Person } from './people-api-client.js';

/** One `synced_contacts` row (without user and sync ids) and its memberships. */
export interface ContactRow {
  readonly resourceName: string;
  readonly etag: string;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly organization: string | null;
  readonly biography: string | null;
  /** `MM-DD` or `YYYY-MM-DD`. */
  readonly birthday: string | null;
  /** Contact group resource names, sorted, without duplicates. */
  readonly groups: readonly string[];
}

function primaryFirst<T extends { readonly metadata?: { readonly primary?: boolean } }>(values: readonly T[] | undefined): T | undefined {
  return values?.find((v) => v.metadata?.primary) ?? values?.[0];
}

const two = (n: number) => String(n).padStart(2, '0');

/** The row of `person` (a live one: tombstones are deletions, not rows). */
export function contactRowOf(person: Person): ContactRow {
  const name = primaryFirst(person.names);
  const phone = primaryFirst(person.phoneNumbers);
  const org = person.organizations?.[0];
  const date = person.birthdays?.[0]?.date;
  const groups = new Set<string>();
  for (const m of person.memberships ?? []) {
    const g = m.contactGroupMembership?.contactGroupResourceName;
    if (g) groups.add(g);
  }
  return {
    resourceName: person.resourceName,
    etag: person.etag ?? '',
    displayName: name?.displayName ?? null,
    givenName: name?.givenName ?? null,
    familyName: name?.familyName ?? null,
    email: primaryFirst(person.emailAddresses)?.value ?? null,
    phone: phone?.canonicalForm ?? phone?.value ?? null,
    organization: org ? [org.title, org.name].filter(Boolean).join(', ') || null : null,
    biography: person.biographies?.[0]?.value ?? null,
    birthday: date?.month && date.day ? `${date.year ? `${date.year}-` : ''}${two(date.month)}-${two(date.day)}` : null,
    groups: [...groups].sort(),
  };
}
