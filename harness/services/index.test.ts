/**
 * The public `heapgate/services` entry, imported by name as users import it: the helpers
 * scenario code uses, and the providers for users' own tests.
 */
import net from 'node:net';
import * as services from 'heapgate/services';
import { describe, expect, it } from 'vitest';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('heapgate/services', () => {
  it('exports the seeding helpers, the S3 client and the three providers', () => {
    expect(Object.keys(services).sort()).toEqual(['copyField', 'copyRows', 's3ClientFor', 'startPostgres', 'startRedis', 'startS3']);
  });

  it('a provider handle stops at the end of an `await using` block', async () => {
    let port: number;
    {
      await using s3 = await services.startS3({ env: { HEAPGATE_SERVICES: 'local' } });
      port = Number(new URL(s3.endpoint.endpoint).port);
      expect(await portOpen(port)).toBe(true);
    }
    expect(await portOpen(port)).toBe(false);
  });
});
