import { encryptionAtRest } from './encryption-at-rest.js';
import { functionFailureHandling, functionObservability, tableRecovery } from './functions.js';
import { iamLeastPrivilege } from './iam-least-privilege.js';
import { noPublicAccess } from './public-access.js';
import type { Rule } from './rule.js';
import { tlsOnly } from './tls-only.js';

export { isUnscopedResource, UNSCOPED_ACTIONS } from './iam-least-privilege.js';
export type { Rule } from './rule.js';

/** The security and reliability rules every stack's template must pass. */
export const SECURITY_RULES: readonly Rule[] = [
  iamLeastPrivilege,
  noPublicAccess,
  encryptionAtRest,
  tlsOnly,
  functionObservability,
  functionFailureHandling,
  tableRecovery,
];
