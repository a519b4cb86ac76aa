/**
 * The contact shapes the streaming repository yields (seed 001 §3). Column names are mapped to
 * camelCase by SQL aliases, so no per-row JavaScript mapping runs.
 */

/** How often a user wants to hear from a contact. */
export type FrequencyOption = 'daily' | 'weekly' | 'biweekly' | 'monthly' | 'quarterly' | 'yearly' | 'flexible';

/** Every {@link FrequencyOption}, in increasing interval order. */
export const FREQUENCY_OPTIONS: readonly FrequencyOption[] = Object.freeze([
  'daily',
  'weekly',
  'biweekly',
  'monthly',
  'quarterly',
  'yearly',
  'flexible',
]);

/** A full contact row (every column of `contacts`; seed 001 §6 puts it at ~5 KB). */
export interface Contact {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly linkedIn: string | null;
  readonly instagram: string | null;
  readonly xHandle: string | null;
  /** Other networks, network name → handle or URL (a `jsonb` column). */
  readonly otherSocialMedia: Readonly<Record<string, string>> | null;
  readonly location: string | null;
  readonly customNotes: string | null;
  /** Null when the user never got in touch (these sort first: the most overdue). */
  readonly lastContactDate: Date | null;
  readonly frequencyPreference: FrequencyOption;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timezone: string | null;
  readonly archived: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The projection suggestion matching needs (seed 001 §3: "80% smaller"). */
export interface MinimalContact {
  readonly id: string;
  readonly name: string;
  readonly lastContactDate: Date | null;
  readonly frequencyPreference: FrequencyOption;
  /** Ids of the contact's groups, ascending. */
  readonly groups: string[];
}
