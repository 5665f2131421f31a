/** Data at rest is encrypted, and explicitly so: nothing relies on a default that could change or be off. */
import { isPlainObject } from '@event-pipeline/schema';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { asList } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

const BUCKET_ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

export const encryptionAtRest: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'encryption-at-rest');
  const findings: Finding[] = [];
  for (const [id, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
    const encryption = bucket.Properties?.BucketEncryption;
    const rules = isPlainObject(encryption) ? asList(encryption.ServerSideEncryptionConfiguration) : [];
    const algorithms = rules.map((r) =>
      isPlainObject(r) && isPlainObject(r.ServerSideEncryptionByDefault)
        ? r.ServerSideEncryptionByDefault.SSEAlgorithm
        : undefined,
    );
    if (!algorithms.some((a) => typeof a === 'string' && BUCKET_ALGORITHMS.has(a))) {
      findings.push(finding(id, 'BucketEncryption', 'bucket has no default server-side encryption'));
    }
  }
  for (const [id, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) {
    const props = queue.Properties ?? {};
    const sse = props.SqsManagedSseEnabled === true || props.SqsManagedSseEnabled === 'true';
    if (!sse && props.KmsMasterKeyId === undefined) {
      findings.push(
        finding(
          id,
          'SqsManagedSseEnabled',
          'queue sets neither SqsManagedSseEnabled: true nor KmsMasterKeyId',
        ),
      );
    }
  }
  for (const [id, topic] of resourcesOfType(template, 'AWS::SNS::Topic')) {
    if (topic.Properties?.KmsMasterKeyId === undefined) {
      findings.push(finding(id, 'KmsMasterKeyId', 'topic is not encrypted (no KmsMasterKeyId)'));
    }
  }
  for (const [id, table] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
    const sse = table.Properties?.SSESpecification;
    if (!isPlainObject(sse) || (sse.SSEEnabled !== true && sse.SSEEnabled !== 'true')) {
      findings.push(
        finding(id, 'SSESpecification.SSEEnabled', 'table does not enable KMS server-side encryption'),
      );
    }
  }
  for (const [id, stream] of resourcesOfType(template, 'AWS::Kinesis::Stream')) {
    const encryption = stream.Properties?.StreamEncryption;
    if (!isPlainObject(encryption) || encryption.EncryptionType !== 'KMS' || encryption.KeyId === undefined) {
      findings.push(finding(id, 'StreamEncryption', 'stream is not encrypted with KMS'));
    }
  }
  for (const [id, key] of resourcesOfType(template, 'AWS::KMS::Key')) {
    const props = key.Properties ?? {};
    const symmetric = props.KeySpec === undefined || props.KeySpec === 'SYMMETRIC_DEFAULT';
    if (symmetric && props.EnableKeyRotation !== true && props.EnableKeyRotation !== 'true') {
      findings.push(finding(id, 'EnableKeyRotation', 'customer managed key does not rotate'));
    }
  }
  return findings;
};
