import { describe, expect, it } from 'vitest';
import { CLAVE_CODE_LIMIT, CLAVE_PATTERN, decodeClave, encodeClave, isClave, requireClaveCode } from './clave.js';
import { CCTsError } from './ccts-error.js';

describe('clave encoding', () => {
  it('round-trips the extremes and a typical clave', () => {
    for (const clave of ['00AAA0000A', '99ZZZ9999Z', '09DPR1234X', '14EJN0002B']) {
      const code = encodeClave(clave);
      expect(code).toBeGreaterThanOrEqual(0);
      expect(code).toBeLessThan(CLAVE_CODE_LIMIT);
      expect(decodeClave(code)).toBe(clave);
    }
    expect(encodeClave('00AAA0000A')).toBe(0);
    expect(encodeClave('99ZZZ9999Z')).toBe(CLAVE_CODE_LIMIT - 1);
    expect(CLAVE_CODE_LIMIT).toBeLessThan(2 ** 53);
  });

  it('is order-preserving and injective over a sample', () => {
    const claves = ['01AAA0000A', '01AAA0000B', '01AAA0001A', '01AAB0000A', '02AAA0000A'];
    const codes = claves.map(encodeClave);
    expect([...codes].sort((a, b) => a - b)).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('returns -1 for anything that is not 2 digits, 3 letters, 4 digits, 1 letter', () => {
    for (const bad of [
      '',
      '09DPR1234',
      '09DPR1234XX',
      '9DPR12345X',
      '09dpr1234x',
      '09DPR12A4X',
      '0ADPR1234X',
      '09DP11234X',
      '09DPR12341',
      ' 9DPR1234X',
      '09DPR1234Ñ',
      '０9DPR1234X',
    ]) {
      expect(encodeClave(bad), bad).toBe(-1);
      expect(CLAVE_PATTERN.test(bad), bad).toBe(false);
      expect(isClave(bad)).toBe(false);
    }
    expect(isClave(42)).toBe(false);
  });

  it('rejects malformed claves with a coded error naming the expected shape', () => {
    const err = (() => {
      try {
        requireClaveCode('09DPR12');
      } catch (e) {
        return e;
      }
    })() as CCTsError;
    expect(err).toBeInstanceOf(CCTsError);
    expect(err.code).toBe('HEAPGATE_CCTS_INVALID_CLAVE');
    expect(err.clave).toBe('09DPR12');
    expect(err.message).toContain('"09DPR12"');
    expect(err.message).toContain('2 digits, 3 uppercase letters, 4 digits, 1 uppercase letter');
    expect(() => requireClaveCode(undefined)).toThrow(/malformed CCT clave undefined/);
  });

  it('decodeClave rejects codes outside the range', () => {
    expect(() => decodeClave(-1)).toThrow(RangeError);
    expect(() => decodeClave(CLAVE_CODE_LIMIT)).toThrow(RangeError);
    expect(() => decodeClave(1.5)).toThrow(RangeError);
  });
});
