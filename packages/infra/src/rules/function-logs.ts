/**
 * Every function can write its logs: a role of this stack that runs a function allows
 * logs:CreateLogStream and logs:PutLogEvents on the function's log group (its own policies, a
 * policy attached to it, or AWS's basic execution policy). Without them the function runs, but a
 * failure leaves nothing to read (an empty log stream, or none).
 */
import { isPlainObject } from '@event-pipeline/schema';
import { referencedResource, renderString } from '../intrinsics.js';
import type { CfnResource, CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { asList, identityPolicies, type PolicyStatement } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const BASIC_EXECUTION =
  /:iam::aws:policy\/service-role\/AWSLambda(BasicExecutionRole|VPCAccessExecutionRole)$/;
const LOG_GROUP_ARN = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:`;

/** IAM wildcard matching: `*` any characters, `?` one; everything else literally. */
function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(value);
}

function logGroupName(fnId: string, fn: CfnResource): string {
  const logging = fn.Properties?.LoggingConfig;
  if (isPlainObject(logging) && logging.LogGroup !== undefined) return renderString(logging.LogGroup);
  const name = fn.Properties?.FunctionName;
  return `/aws/lambda/${name === undefined ? `\${${fnId}}` : renderString(name)}`;
}

/** A resource as an ARN pattern: `${Group.Arn}` of a log group of this template becomes its ARN. */
function resourcePattern(template: CfnTemplate, resource: unknown): string {
  return renderString(resource).replace(/\$\{([A-Za-z0-9]+)\.Arn\}/g, (whole, id: string) => {
    const group = template.Resources[id];
    if (group?.Type !== 'AWS::Logs::LogGroup') return whole;
    return `${LOG_GROUP_ARN}${renderString(group.Properties?.LogGroupName)}:*`;
  });
}

/** The Allow statements that apply to the role: its inline policies and the policies that name it. */
function roleStatements(template: CfnTemplate, roleId: string): PolicyStatement[] {
  return identityPolicies(template)
    .filter((policy) => {
      if (policy.resource === roleId) return true;
      const attached = template.Resources[policy.resource]?.Properties?.Roles;
      return asList(attached).some((r) => referencedResource(r) === roleId);
    })
    .flatMap((policy) => policy.statements)
    .filter((s) => s.Effect === 'Allow');
}

export const functionLogsWritable: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'function-logs');
  const findings: Finding[] = [];
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const roleId = referencedResource(fn.Properties?.Role);
    const role = roleId ? template.Resources[roleId] : undefined;
    // A role from outside the stack cannot be checked here.
    if (!roleId || role?.Type !== 'AWS::IAM::Role') continue;
    const managed = asList(role.Properties?.ManagedPolicyArns).map(renderString);
    if (managed.some((arn) => BASIC_EXECUTION.test(arn))) continue;
    const group = logGroupName(id, fn);
    const stream = `${LOG_GROUP_ARN}${group}:log-stream:2024/01/01/[$LATEST]0123456789abcdef`;
    const statements = roleStatements(template, roleId);
    const missing = LOG_ACTIONS.filter(
      (action) =>
        !statements.some(
          (s) =>
            asList(s.Action).some((a) => wildcardMatches(renderString(a), action)) &&
            asList(s.Resource).some((r) => wildcardMatches(resourcePattern(template, r), stream)),
        ),
    );
    if (missing.length > 0) {
      findings.push(
        finding(
          roleId,
          'Policies',
          `runs ${id} but does not allow ${missing.join(' and ')} on its log group ${group}: its logs are lost`,
        ),
      );
    }
  }
  return findings;
};
