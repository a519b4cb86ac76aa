/**
 * The AWS SDK client configured for a heapgate {@link S3Endpoint}: what scenario code, seeders
 * and the S3 provider's own readiness probe use to talk to whichever S3 server was provided.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Endpoint } from '../scenario/types.js';
import { requireOptional } from './optional-dependency.js';

/**
 * An SDK client for `endpoint`, configured the way every heapgate S3 user needs it: its
 * credentials, region and path-style addressing, checksums only where S3 requires them, and at
 * most 2 attempts per request. The caller owns it: `destroy()` it when done.
 * Needs `@aws-sdk/client-s3` installed (an optional peer dependency of heapgate).
 */
export function s3ClientFor(endpoint: S3Endpoint): S3Client {
  const { S3Client } = requireOptional<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3');
  return new S3Client({
    endpoint: endpoint.endpoint,
    region: endpoint.region,
    forcePathStyle: endpoint.forcePathStyle,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    // The SDK's default trailing checksums send uploads as `Content-Encoding: aws-chunked`, which
    // s3rver 3.7.1 (the in-process provider) does not decode: it stores such a body verbatim,
    // chunk headers included. So only send checksums where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}
