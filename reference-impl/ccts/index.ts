export { CLAVE_CODE_LIMIT, CLAVE_PATTERN, decodeClave, encodeClave, isClave, requireClaveCode } from './clave.js';
export { CCTsError, type CCTsErrorCode } from './ccts-error.js';
export { CCT_COLUMNS, cctsTableIdentifier, createCCTsTable } from './ccts-schema.js';
export { loadCCTIndexFromCsv, type CCTCsvReport, type LoadCCTIndexOptions, type LoadedCCTIndex } from './cct-csv-loader.js';
export { CCTLookupApiClient, type CCTLookupApi, type CCTLookupApiClientOptions } from './cct-lookup-api-client.js';
export {
  estimateOnDemandBytes,
  estimatePreloadBytes,
  estimateRecordCount,
  ON_DEMAND_BYTES_PER_ENTRY,
  PRELOAD_BYTES_PER_RECORD,
  PRELOAD_FIXED_BYTES,
  SEED_GUESSED_BYTES_PER_RECORD,
} from './cct-memory-estimator.js';
export type { CCTSource, OpenedCCTSource } from './cct-source.js';
export { CCTsManager, type CCTsManagerOptions, type CCTsMode, type CCTsOnDemandReason, type CCTsStats } from './ccts-manager.js';
export {
  CCTS_ENVIRONMENT_DEFAULTS,
  createCCTsManager,
  detectCCTsEnvironment,
  resolveCCTsConfig,
  s3ClientFromEnv,
  type CCTsConfig,
  type CCTsEnvironment,
  type CreateCCTsManagerOptions,
} from './create-ccts-manager.js';
export { EntityManager, type EntityManagerOptions } from './entity-manager.js';
export { LocalCCTSource } from './local-cct-source.js';
export { startLookupApiServer, type LookupApiServer, type LookupApiServerOptions } from './lookup-api-server.js';
export { buildNaiveCCTMap, naiveLookup, type NaiveCCTRow } from './naive-cct-map.js';
export { OnDemandCCTLookup, type OnDemandCCTLookupOptions, type OnDemandCCTLookupStats } from './on-demand-cct-lookup.js';
export { hashClaveCode, PackedCCTIndex } from './packed-cct-index.js';
export { MAX_CCT_ID, PackedCCTIndexBuilder, type PackedCCTIndexBuilderOptions } from './packed-cct-index-builder.js';
export { DEFAULT_CCTS_S3_KEY, S3CCTSource, type S3CCTSourceOptions } from './s3-cct-source.js';
