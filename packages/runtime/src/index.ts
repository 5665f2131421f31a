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
export { LEDGER_TTL_DAYS, ledgerExpiry } from './ledger.js';
export { errorLogger } from './middleware/error-handler.js';
export {
  createObservability,
  createTracedObservability,
  METRICS_NAMESPACE,
  type Observability,
  type ObservabilityOptions,
  observabilityMiddlewares,
  traced,
  tracingWanted,
} from './observability.js';
