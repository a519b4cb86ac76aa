/**
 * `heapgate/services`: what scenario code needs to use the services heapgate starts for it
 * (`ctx.services`), and to seed them. Re-exports only.
 */
export { copyField, copyRows, type CopyStats } from '../seed/copy-rows.js';
export { s3ClientFor } from './s3-provider.js';
export type { PostgresEndpoint, RedisEndpoint, S3Endpoint, ServiceEndpoints, ServiceName } from '../scenario/types.js';
