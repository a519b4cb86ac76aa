// Placeholder until the Redis provider lands (issue 5). Replaced wholesale by that work.
import { ServiceError } from '../errors.js';
import type { RedisEndpoint } from '../scenario/types.js';
import type { ServiceHandle } from './service-handle.js';

/** Starts Redis. */
export async function startRedis(_options: { log?: (m: string) => void } = {}): Promise<ServiceHandle<RedisEndpoint>> {
  throw new ServiceError('redis', 'the Redis provider is not implemented yet');
}
