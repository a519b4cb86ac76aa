// Placeholder until the S3 provider lands (issue 4). Replaced wholesale by that work.
import { ServiceError } from '../errors.js';
import type { S3Endpoint } from '../scenario/types.js';
import type { ServiceHandle } from './service-handle.js';

/** Starts an S3-compatible store. */
export async function startS3(_options: { log?: (m: string) => void } = {}): Promise<ServiceHandle<S3Endpoint>> {
  throw new ServiceError('s3', 'the S3 provider is not implemented yet');
}
