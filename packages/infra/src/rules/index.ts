import { auditTrail } from './audit-trail.js';
import { bucketReplication } from './bucket-replication.js';
import { encryptionAtRest } from './encryption-at-rest.js';
import { functionHeapFitsMemory } from './function-heap.js';
import { functionLogsWritable } from './function-logs.js';
import { functionFailureHandling, functionObservability, tableRecovery } from './functions.js';
import { iamLeastPrivilege } from './iam-least-privilege.js';
import { noPublicAccess } from './public-access.js';
import { regionScopedNames } from './region-scoped-names.js';
import type { Rule } from './rule.js';
import { servicePrincipalConditions } from './service-principals.js';
import { tlsOnly } from './tls-only.js';
import { tlsMinimumVersion } from './tls-version.js';

export { type V8HeapSizes, v8HeapSizes } from './function-heap.js';
export { isUnscopedResource, UNSCOPED_ACTIONS } from './iam-least-privilege.js';
export type { Rule } from './rule.js';

/** The security and reliability rules every stack's template must pass. */
export const SECURITY_RULES: readonly Rule[] = [
  iamLeastPrivilege,
  noPublicAccess,
  encryptionAtRest,
  tlsOnly,
  tlsMinimumVersion,
  servicePrincipalConditions,
  regionScopedNames,
  bucketReplication,
  auditTrail,
  functionObservability,
  functionLogsWritable,
  functionFailureHandling,
  functionHeapFitsMemory,
  tableRecovery,
];
