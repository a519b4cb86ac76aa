/**
 * Application-specific caching (seed 004, strategy 3): a consumer instance serving one
 * application caches only the data types that application reads, instead of every tenant's
 * complete data set. The seed claims 30–50% less memory per application; the `tenants`
 * scenario measures it.
 */

/** Data types each application needs, as seed 004 lists them. */
export const SEED_APPLICATION_FILTERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  crm: Object.freeze(['credit-configs', 'roles', 'users']),
  hrms: Object.freeze(['credit-configs', 'roles', 'users', 'hierarchy']),
  finance: Object.freeze(['credit-configs', 'roles']),
});

/** Decides which data types one application caches. */
export class ApplicationFilter {
  /** The application (`'crm'`, `'hrms'`, `'finance'`, or a name from `filters`). */
  readonly application: string;
  readonly #allowed: ReadonlySet<string>;

  /**
   * @param application the application this consumer serves
   * @param filters application → data types it caches. @default SEED_APPLICATION_FILTERS
   */
  constructor(application: string, filters: Readonly<Record<string, readonly string[]>> = SEED_APPLICATION_FILTERS) {
    const allowed = Object.hasOwn(filters, application) ? filters[application] : undefined;
    if (allowed === undefined) {
      throw new TypeError(`application must be one of ${Object.keys(filters).join(', ')}, got "${application}"`);
    }
    this.application = application;
    this.#allowed = new Set(allowed);
  }

  /** Whether values of `dataType` belong in this application's cache. */
  shouldCache(dataType: string): boolean {
    return this.#allowed.has(dataType);
  }

  /** The data types this application caches. */
  get dataTypes(): readonly string[] {
    return [...this.#allowed];
  }
}
