/**
 * Bucket replication that works and keeps the replica whole: the source bucket is versioned (S3
 * requires it), delete markers replicate (else the replica keeps showing deleted objects),
 * KMS-encrypted objects are selected and re-encrypted (else S3 silently skips them), the
 * destination is another bucket, and the replication role (of this stack) may read the source's
 * versions and write replicas into each destination.
 */

import { isPlainObject } from '@event-pipeline/schema';
import { valueAt } from '../expectations/expect.js';
import { possibleValues, referencedResource, renderString } from '../intrinsics.js';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { asList, identityPolicies } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

/** The ARNs a bucket of this template is written as: `${Id.Arn}` or built from its name. */
function bucketArns(template: CfnTemplate, id: string): string[] {
  const name = template.Resources[id]?.Properties?.BucketName;
  const arns = [`\${${id}.Arn}`, `arn:\${AWS::Partition}:s3:::\${${id}}`];
  if (name !== undefined) arns.push(`arn:\${AWS::Partition}:s3:::${renderString(name)}`);
  return arns;
}

/** Whether the role's policies allow `action` on `resource` (rendered, compared literally). */
function roleAllows(template: CfnTemplate, roleId: string, action: string, resource: string): boolean {
  return identityPolicies(template)
    .filter((p) => p.resource === roleId)
    .flatMap((p) => p.statements)
    .some(
      (s) =>
        s.Effect === 'Allow' &&
        asList(s.Action).map(renderString).includes(action) &&
        asList(s.Resource).map(renderString).includes(resource),
    );
}

function usesKms(bucket: Record<string, unknown>): boolean {
  return asList(valueAt(bucket, 'BucketEncryption.ServerSideEncryptionConfiguration')).some((rule) =>
    String(valueAt(rule, 'ServerSideEncryptionByDefault.SSEAlgorithm')).startsWith('aws:kms'),
  );
}

export const bucketReplication: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'bucket-replication');
  const findings: Finding[] = [];
  for (const [id, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
    const props = bucket.Properties ?? {};
    for (const config of possibleValues(props.ReplicationConfiguration).filter(isPlainObject)) {
      if (valueAt(props, 'VersioningConfiguration.Status') !== 'Enabled') {
        findings.push(finding(id, 'VersioningConfiguration.Status', 'replicates but is not versioned'));
      }
      const referenced = referencedResource(config.Role);
      const roleId =
        referenced && template.Resources[referenced]?.Type === 'AWS::IAM::Role' ? referenced : undefined;
      if (!roleId) {
        findings.push(
          finding(id, 'ReplicationConfiguration.Role', 'names no replication role of this stack'),
        );
      }
      const own = bucketArns(template, id);
      asList(config.Rules).forEach((rule, i) => {
        const at = `ReplicationConfiguration.Rules[${i}]`;
        if (valueAt(rule, 'DeleteMarkerReplication.Status') !== 'Enabled') {
          findings.push(
            finding(
              id,
              `${at}.DeleteMarkerReplication`,
              'delete markers do not replicate: the replica keeps deleted objects',
            ),
          );
        }
        if (usesKms(props)) {
          if (valueAt(rule, 'SourceSelectionCriteria.SseKmsEncryptedObjects.Status') !== 'Enabled')
            findings.push(
              finding(
                id,
                `${at}.SourceSelectionCriteria`,
                'KMS-encrypted objects are not selected: S3 skips them',
              ),
            );
          if (valueAt(rule, 'Destination.EncryptionConfiguration.ReplicaKmsKeyID') === undefined)
            findings.push(
              finding(id, `${at}.Destination.EncryptionConfiguration`, 'names no KMS key for the replicas'),
            );
        }
        const destination = renderString(valueAt(rule, 'Destination.Bucket'));
        if (own.includes(destination)) {
          findings.push(finding(id, `${at}.Destination.Bucket`, 'replicates to itself'));
          return;
        }
        if (!roleId) return;
        const needed: Array<[string, string[]]> = [
          ['s3:GetObjectVersionForReplication', own.map((arn) => `${arn}/*`)],
          ['s3:ReplicateObject', [`${destination}/*`]],
          ['s3:ReplicateDelete', [`${destination}/*`]],
        ];
        for (const [action, resources] of needed) {
          if (!resources.some((resource) => roleAllows(template, roleId, action, resource))) {
            findings.push(
              finding(
                roleId,
                'Policies',
                `does not allow ${action} on ${resources[0]} (replication of ${id})`,
              ),
            );
          }
        }
      });
    }
  }
  return findings;
};
