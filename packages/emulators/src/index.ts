export type { EmulatedService, EmulatorOptions, S3rverEventRecord } from './emulator-servers.js';
export { startEmulatorsInThreads } from './emulator-threads.js';
export { createLakeResources, type LakeResourceNames } from './lake-resources.js';
export { LEDGER_TABLE_FRAGMENT, ledgerTableInput } from './ledger-table.js';
export { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, LOCAL_REGION } from './local-account.js';
export { type Emulators, emulatorRequestHandler, startEmulators } from './start-emulators.js';
export { startTsWorker, threadData } from './ts-worker.js';
