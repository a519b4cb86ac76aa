/**
 * Validation shared by the probe a service mounts and the client that reads it: each option is
 * checked once, where it is given, with a `TypeError` naming the option and its unit.
 */

/** A positive, finite number of milliseconds. @throws TypeError naming `option` */
export function positiveMs(value: unknown, option: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${option} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

/** A URL path prefix: leading `/`, no trailing `/`, unreserved characters only. @throws TypeError naming `pathPrefix` */
export function validatePathPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix)) {
    throw new TypeError(
      `pathPrefix must be a URL path such as "/__heapgate" (leading "/", no trailing "/"), got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
}
