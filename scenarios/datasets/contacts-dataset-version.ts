/**
 * The contacts data set's generator version, in a module of its own: scenario modules declare
 * it as their `datasetVersion`, and the measured child, which imports them, must not load the
 * generator (faker) to read one number.
 */

/**
 * Bumped whenever generation changes, so a persistent database (the CLI's cached cluster,
 * `PG_URL`) holding an older data set is regenerated instead of silently reused.
 */
export const CONTACTS_DATASET_VERSION = 1;
