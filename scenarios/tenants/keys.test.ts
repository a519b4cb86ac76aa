import { describe, expect, it } from 'vitest';
import { DATA_TYPES, globalKey, parseGlobalKey, USER_PROFILE } from './keys.js';

describe('tenants keys', () => {
  it('round-trips global keys', () => {
    expect(globalKey(42, DATA_TYPES.indexOf('roles'), 0)).toBe('42:roles');
    expect(globalKey(7, USER_PROFILE, 3)).toBe('7:user-profile:user-3');
    expect(parseGlobalKey('7:user-profile:user-3')).toEqual({ tenantId: 7, type: 'user-profile', userId: 'user-3' });
    expect(parseGlobalKey('42:roles')).toEqual({ tenantId: 42, type: 'roles' });
    expect(() => parseGlobalKey('42:user-profile')).toThrow(/not a tenants cache key/);
    expect(() => parseGlobalKey('42:nope')).toThrow(/not a tenants cache key/);
  });
});
