import { describe, expect, it } from 'vitest';
import { ApplicationFilter } from './application-filter.js';

describe('ApplicationFilter', () => {
  it("caches only the application's data types (seed 004 table)", () => {
    const crm = new ApplicationFilter('crm');
    expect(crm.shouldCache('credit-configs')).toBe(true);
    expect(crm.shouldCache('users')).toBe(true);
    expect(crm.shouldCache('hierarchy')).toBe(false);
    expect(new ApplicationFilter('hrms').shouldCache('hierarchy')).toBe(true);
    expect(new ApplicationFilter('finance').dataTypes).toEqual(['credit-configs', 'roles']);
  });

  it('accepts custom tables and rejects unknown applications', () => {
    expect(new ApplicationFilter('billing', { billing: ['invoices'] }).shouldCache('invoices')).toBe(true);
    expect(() => new ApplicationFilter('toString')).toThrow(/application must be one of crm, hrms, finance/);
  });
});
