/**
 * No confused deputy: a resource policy (key, topic, queue, bucket policy) or Lambda permission that
 * lets an AWS service act names whose behalf it acts on, with `aws:SourceAccount` or `aws:SourceArn`
 * (for a Lambda permission, SourceAccount or SourceArn). Otherwise the service, working for any
 * other account, could use the resource. Role trust policies are left out: a service can only
 * assume a role that someone of this account passed to it (iam:PassRole).
 */
import { isPlainObject } from '@event-pipeline/schema';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { asList, conditionKeys, resourcePolicies } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

const SOURCE_KEYS = new Set(['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths']);

function services(principal: unknown): string[] {
  return isPlainObject(principal) ? asList(principal.Service).map(String) : [];
}

export const servicePrincipalConditions: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'service-principal-conditions');
  const findings: Finding[] = [];
  for (const policy of resourcePolicies(template)) {
    if (template.Resources[policy.resource]?.Type === 'AWS::IAM::Role') continue;
    policy.statements.forEach((statement, i) => {
      const named = services(statement.Principal);
      if (statement.Effect !== 'Allow' || named.length === 0) return;
      if (conditionKeys(statement).some((key) => SOURCE_KEYS.has(key))) return;
      findings.push(
        finding(
          policy.resource,
          `${policy.property}.Statement[${i}].Condition`,
          `lets ${named.join(', ')} act without aws:SourceAccount or aws:SourceArn: on behalf of any account`,
        ),
      );
    });
  }
  for (const [id, permission] of resourcesOfType(template, 'AWS::Lambda::Permission')) {
    const props = permission.Properties ?? {};
    const principal = props.Principal;
    if (typeof principal !== 'string' || !principal.endsWith('.amazonaws.com')) continue;
    if (props.SourceArn === undefined && props.SourceAccount === undefined) {
      findings.push(
        finding(id, 'SourceArn', `lets ${principal} invoke the function without SourceArn or SourceAccount`),
      );
    }
  }
  return findings;
};
