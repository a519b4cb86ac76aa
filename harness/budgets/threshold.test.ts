import { describe, expect, test } from 'vitest';
import { UsageError } from '../errors.js';
import { compareToThreshold, parseThreshold } from './threshold.js';

describe('parseThreshold', () => {
  test('byte units are binary', () => {
    expect(parseThreshold('<8MB')).toMatchObject({ comparator: '<', value: 8 * 1048576, unitKind: 'bytes' });
    expect(parseThreshold('<=1KB').value).toBe(1024);
    expect(parseThreshold('<1.5GB').value).toBe(1.5 * 1073741824);
    expect(parseThreshold('< 200 MiB').value).toBe(200 * 1048576);
    expect(parseThreshold('<512B').value).toBe(512);
    expect(parseThreshold('<8mb').value).toBe(8 * 1048576);
  });

  test('time units convert to milliseconds', () => {
    expect(parseThreshold('<=2.5s')).toMatchObject({ comparator: '<=', value: 2500, unitKind: 'time' });
    expect(parseThreshold('<750ms')).toMatchObject({ value: 750, unitKind: 'time' });
  });

  test('percent becomes a fraction and plain numbers stay as written', () => {
    expect(parseThreshold('>=95%')).toMatchObject({ comparator: '>=', value: 0.95, unitKind: 'percent' });
    expect(parseThreshold('>0.9')).toMatchObject({ comparator: '>', value: 0.9, unitKind: 'none' });
    expect(parseThreshold('<1e3')).toMatchObject({ value: 1000, unitKind: 'none' });
  });

  test('keeps the expression for messages', () => {
    expect(parseThreshold(' <8MB ').expression).toBe(' <8MB ');
  });

  test.each([
    ['<8XB', /unknown unit "XB"/],
    ['8MB', /must start with a comparator/],
    ['==8MB', /equality is not a budget/],
    ['<', /expected comparator, number and unit/],
    ['<-1MB', /expected comparator/],
    ['', /expected comparator/],
    ['<8 MB extra', /expected comparator/],
  ])('rejects %j', (expression, message) => {
    let error: unknown;
    try {
      parseThreshold(expression);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('HEAPGATE_USAGE');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(JSON.stringify(expression));
  });

  test('rejects a non-string with a TypeError', () => {
    expect(() => parseThreshold(8 as unknown as string)).toThrow(TypeError);
  });
});

describe('compareToThreshold', () => {
  test('applies each comparator, and NaN never passes', () => {
    expect(compareToThreshold(1, '<', 2)).toBe(true);
    expect(compareToThreshold(2, '<', 2)).toBe(false);
    expect(compareToThreshold(2, '<=', 2)).toBe(true);
    expect(compareToThreshold(3, '>', 2)).toBe(true);
    expect(compareToThreshold(2, '>=', 2)).toBe(true);
    expect(compareToThreshold(1, '>=', 2)).toBe(false);
    expect(compareToThreshold(Number.NaN, '<', 2)).toBe(false);
  });
});
