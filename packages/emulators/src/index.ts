export { createLakeResources, type LakeResourceNames } from './lake-resources.js';
export { LEDGER_TABLE_FRAGMENT, ledgerTableInput } from './ledger-table.js';
export { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, LOCAL_REGION } from './local-account.js';
export {
  type EmulatedService,
  type EmulatorOptions,
  type Emulators,
  type S3rverEventRecord,
  startEmulators,
} from './start-emulators.js';
