/**
 * Least privilege for identity policies: no Allow of every action (`*`, `service:*`, NotAction) and
 * no Allow on every resource (`*`, NotResource, or an ARN whose resource part is only a wildcard)
 * unless every action of the statement is one AWS only authorizes on `*`.
 */
import { renderString } from '../intrinsics.js';
import type { CfnTemplate, Finding } from '../template.js';
import { asList, identityPolicies } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

/** Actions without resource-level permissions: AWS accepts only `Resource: "*"` for them. */
export const UNSCOPED_ACTIONS: ReadonlySet<string> = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
  'cloudwatch:PutMetricData',
  'cloudwatch:GetMetricData',
  'kinesis:ListStreams',
  's3:ListAllMyBuckets',
  'sts:GetCallerIdentity',
]);

const BROAD_MANAGED_POLICIES =
  /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]+FullAccess)$/;

/** `*`, or an ARN whose resource part (after any resource-type prefix) is nothing but `*`. */
export function isUnscopedResource(resource: string): boolean {
  if (resource === '*') return true;
  // Placeholders such as ${AWS::Partition} contain colons; they stand for one ARN field each.
  const arn = resource.replace(/\$\{[^}]*\}/g, 'X');
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return false;
  const resourcePart = parts.slice(5).join(':');
  if (parts[2] === 's3') return resourcePart === '*' || resourcePart.startsWith('*');
  return /^([A-Za-z0-9-]+[/:])?\*$/.test(resourcePart);
}

export const iamLeastPrivilege: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'iam-least-privilege');
  const findings: Finding[] = [];
  for (const policy of identityPolicies(template)) {
    policy.statements.forEach((statement, i) => {
      if (statement.Effect !== 'Allow') return;
      const at = `${policy.property}.Statement[${i}]`;
      const label = statement.Sid ? ` (${statement.Sid})` : '';
      if (statement.NotAction !== undefined) {
        findings.push(
          finding(
            policy.resource,
            `${at}.NotAction`,
            `Allow with NotAction grants every other action${label}`,
          ),
        );
      }
      if (statement.NotResource !== undefined) {
        findings.push(
          finding(
            policy.resource,
            `${at}.NotResource`,
            `Allow with NotResource grants every other resource${label}`,
          ),
        );
      }
      const actions = asList(statement.Action).map(renderString);
      for (const action of actions) {
        if (action === '*' || /^[a-z0-9-]+:\*$/i.test(action)) {
          findings.push(finding(policy.resource, `${at}.Action`, `grants Action "${action}"${label}`));
        }
      }
      const unscoped = asList(statement.Resource).map(renderString).filter(isUnscopedResource);
      const needsScope = actions.filter((a) => !UNSCOPED_ACTIONS.has(a));
      if (unscoped.length > 0 && needsScope.length > 0) {
        findings.push(
          finding(
            policy.resource,
            `${at}.Resource`,
            `grants ${needsScope.join(', ')} on Resource "${unscoped.join('", "')}"; name the exact ARNs${label}`,
          ),
        );
      }
    });
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    asList(resource.Properties?.ManagedPolicyArns).forEach((arn, i) => {
      const rendered = renderString(arn);
      if (BROAD_MANAGED_POLICIES.test(rendered)) {
        findings.push(
          finding(id, `ManagedPolicyArns[${i}]`, `attaches the broad managed policy ${rendered}`),
        );
      }
    });
  }
  return findings;
};
