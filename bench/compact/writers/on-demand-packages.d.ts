/**
 * The candidates' packages that the repository does not depend on (writers.ts installs them
 * on first use): declared here so that the type check does not need them. Their imports are
 * typed `any`; the candidates are checked by running them.
 */
declare module 'apache-arrow';
declare module 'parquet-wasm';
declare module '@dsnp/parquetjs';
