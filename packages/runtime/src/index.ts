export {
  type AwsService,
  type ClientSettings,
  clientSettings,
  endpointFor,
  unsignedS3Payloads,
} from './aws-clients.js';
export { settleAll } from './concurrency.js';
export {
  BUCKET_NAME,
  ConfigError,
  type ConfigOf,
  loadConfig,
  num,
  type Setting,
  str,
  TABLE_NAME,
} from './config.js';
export { LAKE_OBJECT_SETTINGS } from './lake-objects.js';
export {
  createLedgerWriter,
  LEDGER_TTL_DAYS,
  type LedgerItem,
  LedgerWriteError,
  type LedgerWriter,
  ledgerExpiry,
} from './ledger.js';
export { errorLogger } from './middleware/error-handler.js';
export {
  createObservability,
  createTracedObservability,
  LOG_LEVELS,
  type LogLevel,
  METRICS_NAMESPACE,
  type MetricFigures,
  type MetricsSink,
  type MetricTable,
  type Observability,
  type ObservabilityOptions,
  observabilityMiddlewares,
  publishMetrics,
  traced,
  tracingWanted,
} from './observability.js';
export {
  lambdaEntry,
  type ServiceDependencies,
  type ServiceParts,
  serviceParts,
} from './service.js';
