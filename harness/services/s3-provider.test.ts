import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3ClientFor } from './s3-client.js';
import { startS3 } from './s3-provider.js';

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

// s3rver keeps each bucket as a directory in its temp dir; a bucket no other test uses finds
// this test's server among those other tests run at the same time.
const BUCKET = `heapgate-test-${process.pid}`;
const ownDir = () =>
  fs
    .readdirSync(os.tmpdir())
    .filter((d) => d.startsWith('heapgate-s3-'))
    .map((d) => path.join(os.tmpdir(), d))
    .find((d) => fs.existsSync(path.join(d, BUCKET)));

describe('startS3 (embedded s3rver)', () => {
  it('serves objects on loopback with random credentials and cleans up on stop', async () => {
    const lines: string[] = [];
    const s3 = await startS3({ env: { HEAPGATE_SERVICES: 'local' }, log: (m) => lines.push(m) });
    const port = Number(new URL(s3.endpoint.endpoint).port);
    let dir: string | undefined;
    try {
      expect(s3.provider).toBe('in-process');
      expect(s3.endpoint.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s3.endpoint.forcePathStyle).toBe(true);
      expect(s3.endpoint.accessKeyId).not.toBe('S3RVER');
      expect(lines.join('\n')).not.toContain(s3.endpoint.secretAccessKey);
      const client = s3ClientFor(s3.endpoint);
      await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const body = 'id,clave\n1,09DPR0001A\n';
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a/ccts_export.csv', Body: body }));
      const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/ccts_export.csv' }));
      expect(await got.Body!.transformToString()).toBe(body);
      expect(got.ContentLength).toBe(body.length);
      dir = ownDir();
      expect(dir).toBeDefined();
      await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing.csv' }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
      // s3rver's fixed key is revoked while a heapgate server runs.
      const fixed = s3ClientFor({ ...s3.endpoint, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
      await expect(fixed.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'a/ccts_export.csv' }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
      fixed.destroy();
      client.destroy();
    } finally {
      await s3.stop();
    }
    expect(await portOpen(port)).toBe(false);
    expect(fs.existsSync(dir!)).toBe(false);
    await s3.stop(); // idempotent
  });

  it('connects to S3_ENDPOINT with the given credentials, and fails clearly without them', async () => {
    const embedded = await startS3({ env: { HEAPGATE_SERVICES: 'local' } });
    try {
      const { endpoint, accessKeyId, secretAccessKey } = embedded.endpoint;
      const external = await startS3({
        env: { S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey, S3_REGION: 'mx-central-1' },
      });
      expect(external.provider).toBe('url');
      expect(external.endpoint).toMatchObject({ endpoint, accessKeyId, region: 'mx-central-1', forcePathStyle: true });
      await external.stop();
      expect(await portOpen(Number(new URL(endpoint).port))).toBe(true); // a URL provider never stops the server
      await expect(startS3({ env: { S3_ENDPOINT: endpoint } })).rejects.toMatchObject({ code: 'HEAPGATE_SERVICE' });
    } finally {
      await embedded.stop();
    }
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    await expect(
      startS3({ env: { S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' } }),
    ).rejects.toThrow(/cannot reach S3_ENDPOINT/);
  });
});
