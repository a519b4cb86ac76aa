import { describe, expect, test } from 'vitest';
import { NumberRows } from './number-rows.js';

describe('NumberRows', () => {
  test('keeps every row in order across growth', () => {
    const rows = new NumberRows(3, 2);
    for (let i = 0; i < 10; i++) rows.push(i, i * 10, i * 100);
    expect(rows.length).toBe(10);
    expect(rows.map((get) => [get(0), get(1), get(2)])).toEqual(Array.from({ length: 10 }, (_, i) => [i, i * 10, i * 100]));
  });

  test('narrower rows ignore the extra values', () => {
    const rows = new NumberRows(1, 1);
    rows.push(4, 5, 6);
    rows.push(7);
    expect(rows.map((get) => get(0))).toEqual([4, 7]);
  });

  test.each([0, 4, 1.5])('rejects width %d', (width) => {
    expect(() => new NumberRows(width)).toThrow(TypeError);
  });
});
