/**
 * Nothing is public: buckets block every kind of public access and grant no public ACL, and no
 * resource policy or Lambda permission allows any principal (`*`) without a condition narrowing it.
 */
import { isPlainObject } from '@event-pipeline/schema';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { isAnyPrincipal, resourcePolicies } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

const BLOCK_PUBLIC_ACCESS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
];
const PUBLIC_ACLS = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);

export const noPublicAccess: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'no-public-access');
  const findings: Finding[] = [];
  for (const [id, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
    const props = bucket.Properties ?? {};
    const block = props.PublicAccessBlockConfiguration;
    if (!isPlainObject(block)) {
      findings.push(
        finding(
          id,
          'PublicAccessBlockConfiguration',
          'bucket does not block public access (all four settings true)',
        ),
      );
    } else {
      for (const setting of BLOCK_PUBLIC_ACCESS) {
        if (block[setting] !== true && block[setting] !== 'true') {
          findings.push(
            finding(
              id,
              `PublicAccessBlockConfiguration.${setting}`,
              `${setting} must be true, is ${String(block[setting])}`,
            ),
          );
        }
      }
    }
    if (typeof props.AccessControl === 'string' && PUBLIC_ACLS.has(props.AccessControl)) {
      findings.push(
        finding(id, 'AccessControl', `canned ACL ${props.AccessControl} makes the bucket public`),
      );
    }
  }
  for (const policy of resourcePolicies(template)) {
    policy.statements.forEach((statement, i) => {
      if (
        statement.Effect === 'Allow' &&
        isAnyPrincipal(statement.Principal) &&
        statement.Condition === undefined
      ) {
        findings.push(
          finding(
            policy.resource,
            `${policy.property}.Statement[${i}].Principal`,
            'allows any principal ("*") unconditionally',
          ),
        );
      }
    });
  }
  for (const [id, permission] of resourcesOfType(template, 'AWS::Lambda::Permission')) {
    const props = permission.Properties ?? {};
    if (props.Principal === '*' && props.SourceArn === undefined && props.SourceAccount === undefined) {
      findings.push(
        finding(
          id,
          'Principal',
          'lets anyone invoke the function (Principal "*", no SourceArn/SourceAccount)',
        ),
      );
    }
  }
  return findings;
};
