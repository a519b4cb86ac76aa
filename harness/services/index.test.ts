/**
 * The public `heapgate/services` entry, imported by name as users import it: the helpers
 * scenario code uses.
 */
import * as services from 'heapgate/services';
import { describe, expect, it } from 'vitest';

describe('heapgate/services', () => {
  it('exports the seeding helpers and the S3 client, and nothing that starts services', () => {
    expect(Object.keys(services).sort()).toEqual(['copyField', 'copyRows', 's3ClientFor']);
  });
});
