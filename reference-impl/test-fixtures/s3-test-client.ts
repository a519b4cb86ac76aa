/**
 * An `@aws-sdk/client-s3` client for the test run's S3-compatible store, configured the way the
 * harness configures its own (`s3ClientFor` in harness/services/s3-client.ts): same options,
 * so tests talk to the store exactly as a scenario would.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { type TestS3Endpoint, testS3Endpoint } from './test-endpoints.js';

/** A client for `endpoint` (default: the test run's store). The caller calls `destroy()`. */
export function createS3TestClient(endpoint: TestS3Endpoint = testS3Endpoint()): S3Client {
  return new S3Client({
    endpoint: endpoint.endpoint,
    region: endpoint.region,
    forcePathStyle: endpoint.forcePathStyle,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    // Since v3.729.0 the SDK adds CRC32 checksums to every upload by default, sent as
    // aws-chunked trailers, which s3rver stores verbatim (chunk headers included); only send
    // checksums where S3 requires them. https://github.com/aws/aws-sdk-js-v3/issues/6810
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}
