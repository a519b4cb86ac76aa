import { describe, expect, it } from 'vitest';
import { AdmissionDoorkeeper } from './admission-doorkeeper.js';

describe('AdmissionDoorkeeper', () => {
  it('refuses a key on its first miss and admits it on the second', () => {
    const d = new AdmissionDoorkeeper();
    expect(d.admit('t1:roles')).toBe(false);
    expect(d.admit('t2:roles')).toBe(false);
    expect(d.admit('t1:roles')).toBe(true);
    expect(d.admit('t1:roles')).toBe(true);
    expect(d.stats()).toEqual({ admitted: 2, refused: 2 });
  });

  it('remembers keys for one to two windows, then forgets them', () => {
    const d = new AdmissionDoorkeeper({ windowKeys: 4 });
    d.admit('old');
    for (let i = 0; i < 3; i++) d.admit(`a${i}`); // generation 1 full: rotated
    expect(d.admit('old')).toBe(true); // still in the previous generation
    const d2 = new AdmissionDoorkeeper({ windowKeys: 4 });
    d2.admit('old');
    for (let i = 0; i < 7; i++) d2.admit(`b${i}`); // two rotations
    expect(d2.admit('old')).toBe(false);
  });

  it('holds at most two windows of keys, whatever the key stream', () => {
    const d = new AdmissionDoorkeeper({ windowKeys: 100 });
    for (let i = 0; i < 100_000; i++) d.admit(`key-${i}`);
    // Every key was new: none admitted, and none of the first ones is remembered.
    expect(d.stats().admitted).toBe(0);
    expect(d.admit('key-0')).toBe(false);
  });

  it('validates windowKeys', () => {
    expect(() => new AdmissionDoorkeeper({ windowKeys: 0 })).toThrow(/windowKeys/);
  });
});
