/**
 * k6-style threshold expressions for scenario budgets: `'<8MB'`, `'<=2.5s'`, `'>=95%'`, `'>0.9'`.
 *
 * Grammar: `comparator number [unit]`, whitespace allowed between the parts.
 * - comparator: `<`, `<=`, `>`, `>=`
 * - number: decimal, optionally with a fraction or exponent (`8`, `2.5`, `1e3`); not negative
 * - unit (case-insensitive):
 *   - bytes, BINARY base: `B`, `KB` (1,024 B), `MB` (1,048,576 B), `GB` (1,073,741,824 B);
 *     `KiB`/`MiB`/`GiB` are accepted as the same units. Reporters format bytes with the same
 *     base (`harness/reporters/format-units.ts`), so `'<8MB'` and a printed `8.00 MB` agree.
 *   - time: `ms`, `s` (value is converted to milliseconds)
 *   - `%`: value divided by 100 (`'>=95%'` on a ratio counter means `>= 0.95`)
 *   - none: the number as is (bytes for a `…Bytes` metric, ms for `durationMs` and `cpuMs`)
 */
import { UsageError } from '../errors.js';

/** How a measured value must compare with the threshold's value to pass. */
export type ThresholdComparator = '<' | '<=' | '>' | '>=';

/** What kind of unit the expression was written in. */
export type ThresholdUnitKind = 'bytes' | 'time' | 'percent' | 'none';

/** A parsed threshold. Frozen. */
export interface Threshold {
  readonly comparator: ThresholdComparator;
  /** In bytes (byte units), milliseconds (time units), a fraction (`%`), or as written (none). */
  readonly value: number;
  readonly unitKind: ThresholdUnitKind;
  /** The expression as written, for messages and verdict sources. */
  readonly expression: string;
}

const UNIT_FACTORS: Readonly<Record<string, { factor: number; kind: ThresholdUnitKind }>> = {
  '': { factor: 1, kind: 'none' },
  b: { factor: 1, kind: 'bytes' },
  kb: { factor: 1024, kind: 'bytes' },
  kib: { factor: 1024, kind: 'bytes' },
  mb: { factor: 1024 ** 2, kind: 'bytes' },
  mib: { factor: 1024 ** 2, kind: 'bytes' },
  gb: { factor: 1024 ** 3, kind: 'bytes' },
  gib: { factor: 1024 ** 3, kind: 'bytes' },
  ms: { factor: 1, kind: 'time' },
  s: { factor: 1000, kind: 'time' },
  // Applied as a division by 100 below: 95 * 0.01 is 0.9500000000000001, which would fail '>=95%' at exactly 0.95.
  '%': { factor: 0.01, kind: 'percent' },
};

/** Units accepted, as listed in error messages. */
export const THRESHOLD_UNITS = 'B, KB, MB, GB (binary), ms, s, % or none';

const PATTERN = /^\s*(<=|>=|<|>)\s*([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|\.[0-9]+)\s*([A-Za-z%]*)\s*$/i;

/**
 * Parses a threshold expression.
 *
 * @throws TypeError when `expression` is not a string.
 * @throws UsageError when it is malformed; the message quotes the expression and says why
 *   (callers prefix the file and field, see `validateBudgets`).
 */
export function parseThreshold(expression: string): Threshold {
  if (typeof expression !== 'string') {
    throw new TypeError(`threshold must be a string such as "<8MB", got ${typeof expression}`);
  }
  const quoted = JSON.stringify(expression);
  const m = PATTERN.exec(expression);
  if (!m) {
    const hint = /^\s*(==|=|!=)/.test(expression)
      ? 'use <, <=, > or >= (equality is not a budget)'
      : /^\s*[0-9.]/.test(expression)
        ? 'it must start with a comparator <, <=, > or >='
        : `expected comparator, number and unit, e.g. "<8MB", "<=2.5s", ">=95%" (units: ${THRESHOLD_UNITS})`;
    throw new UsageError(`${quoted} is not a threshold: ${hint}`);
  }
  const [, comparator, numberText, unitText] = m;
  const unit = UNIT_FACTORS[unitText.toLowerCase()];
  if (unit === undefined) {
    throw new UsageError(`${quoted} is not a threshold: unknown unit "${unitText}" (units: ${THRESHOLD_UNITS})`);
  }
  const number = Number(numberText);
  if (!Number.isFinite(number)) throw new UsageError(`${quoted} is not a threshold: number out of range`);
  return Object.freeze({
    comparator: comparator as ThresholdComparator,
    value: unit.kind === 'percent' ? number / 100 : number * unit.factor,
    unitKind: unit.kind,
    expression,
  });
}

/** True when `actual` satisfies `comparator value`. Non-finite `actual` never passes. */
export function compareToThreshold(actual: number, comparator: ThresholdComparator, value: number): boolean {
  if (!Number.isFinite(actual)) return false;
  switch (comparator) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
  }
}
