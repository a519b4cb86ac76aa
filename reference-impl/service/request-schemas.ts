/**
 * JSON schemas shared by the reference service's routes. Fastify validates params and query
 * strings against them before a handler runs (and coerces query numbers), so handlers only ever
 * see well-formed input and every rejection is the same 400 body.
 */

/**
 * User ids the routes accept: a letter or digit, then letters, digits, `.`, `_`, `:` or `-`, at
 * most 128 characters — what the data sets use (`seed-1318`, `seed-1318-u2`, `fixture-700`).
 */
export const USER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';

/** `:userId` of the `/users/:userId/…` routes. */
export const USER_PARAMS_SCHEMA = {
  type: 'object',
  required: ['userId'],
  properties: { userId: { type: 'string', pattern: USER_ID_PATTERN } },
} as const;

/** The params of the `/users/:userId/…` routes. */
export interface UserParams {
  readonly userId: string;
}
