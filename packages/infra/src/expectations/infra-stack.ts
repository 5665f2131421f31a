/**
 * The infrastructure stack has every resource and setting docs/architecture.md §6 and §11 ask for, with the
 * values of the stage's parameters (config/stages.yml), and exports what the services import: one
 * check per kind of resource, each in expectations/infra/.
 */
import { type StageParams, stringParam } from '../stage-params.js';
import type { CfnTemplate, Finding } from '../template.js';
import { TemplateExpectations } from './expect.js';
import { checkAlarms, checkAlarmTopic } from './infra/alarms.js';
import { checkAuditTrail } from './infra/audit-trail.js';
import { checkDataBuckets } from './infra/buckets.js';
import type { InfraCheck, InfraContext } from './infra/context.js';
import { checkDashboard } from './infra/dashboard.js';
import { checkExports } from './infra/exports.js';
import { checkOperatorPolicy } from './infra/operator-policy.js';
import { checkDeadLetterQueues } from './infra/queues.js';
import { checkReplication } from './infra/replication.js';
import { checkStream } from './infra/stream.js';
import { checkLedgerTable } from './infra/table.js';

export { CONTRACT_EXPORTS } from './infra/exports.js';

const CHECKS: readonly InfraCheck[] = [
  checkStream,
  checkDataBuckets,
  checkReplication,
  checkAuditTrail,
  checkLedgerTable,
  checkDeadLetterQueues,
  checkAlarmTopic,
  checkAlarms,
  checkDashboard,
  checkOperatorPolicy,
  checkExports,
];

/** `region`: where the stack is deployed; the stage's region parameter by default. */
export function checkInfraStack(
  stack: string,
  template: CfnTemplate,
  params: StageParams,
  stage: string,
  region: string = stringParam(params, 'region'),
): Finding[] {
  const e = new TemplateExpectations(stack, template, 'infra-contract');
  const prefix = `${stringParam(params, 'app')}-${stage}`;
  const context: InfraContext = {
    e,
    template,
    params,
    stage,
    region,
    prefix,
    name: (role) => `${prefix}-${role}`,
  };
  for (const check of CHECKS) check(context);
  return e.findings;
}
