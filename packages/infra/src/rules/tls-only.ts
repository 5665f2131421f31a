/**
 * Encryption in transit: every bucket, queue and topic has a resource policy that denies any
 * request not made over TLS (`aws:SecureTransport` false).
 */
import { referencedResource } from '../intrinsics.js';
import type { CfnTemplate, Finding } from '../template.js';
import { asList, isTlsOnlyStatement, resourcePolicies } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

/** For each guarded resource type: its policy type, the policy's target property, and the IAM service prefix. */
const GUARDED = [
  { type: 'AWS::S3::Bucket', policy: 'AWS::S3::BucketPolicy', target: 'Bucket', service: 's3' },
  { type: 'AWS::SQS::Queue', policy: 'AWS::SQS::QueuePolicy', target: 'Queues', service: 'sqs' },
  { type: 'AWS::SNS::Topic', policy: 'AWS::SNS::TopicPolicy', target: 'Topics', service: 'sns' },
] as const;

export const tlsOnly: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'tls-only');
  const findings: Finding[] = [];
  const policies = resourcePolicies(template);
  for (const guarded of GUARDED) {
    const protectedIds = new Set<string>();
    for (const policy of policies) {
      const resource = template.Resources[policy.resource];
      if (resource?.Type !== guarded.policy) continue;
      if (!policy.statements.some((s) => isTlsOnlyStatement(s, guarded.service))) continue;
      for (const target of asList(resource.Properties?.[guarded.target])) {
        const id = referencedResource(target);
        if (id) protectedIds.add(id);
      }
    }
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type === guarded.type && !protectedIds.has(id)) {
        findings.push(
          finding(
            id,
            guarded.policy.split('::')[2]!,
            `no ${guarded.policy} denies ${guarded.service}:* when aws:SecureTransport is false`,
          ),
        );
      }
    }
  }
  return findings;
};
