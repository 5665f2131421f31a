/**
 * Trails that can serve as evidence: logging, with log file validation (a digest chain that shows
 * any file changed or removed), into a bucket of this stack (so that the bucket rules check it)
 * which expires its logs and whose own data events the trail does not record (every delivery would
 * be recorded, and delivered, again).
 */

import { isPlainObject } from '@event-pipeline/schema';
import { valueAt } from '../expectations/expect.js';
import { mentionsResource, referencedResource, renderString } from '../intrinsics.js';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { asList } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

const isTrue = (value: unknown) => value === true || value === 'true';

/** The ARNs (rendered) whose data events the trail's selectors record. */
function recordedArns(trail: Record<string, unknown>): string[] {
  const advanced = asList(trail.AdvancedEventSelectors).flatMap((selector) =>
    asList(valueAt(selector, 'FieldSelectors'))
      .filter((field) => isPlainObject(field) && field.Field === 'resources.ARN')
      .flatMap((field) =>
        isPlainObject(field) ? [...asList(field.Equals), ...asList(field.StartsWith)] : [],
      ),
  );
  const basic = asList(trail.EventSelectors).flatMap((selector) =>
    asList(valueAt(selector, 'DataResources')).flatMap((resource) => asList(valueAt(resource, 'Values'))),
  );
  return [...advanced, ...basic].map(renderString);
}

export const auditTrail: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'audit-trail');
  const findings: Finding[] = [];
  for (const [id, trail] of resourcesOfType(template, 'AWS::CloudTrail::Trail')) {
    const props = trail.Properties ?? {};
    if (!isTrue(props.IsLogging)) findings.push(finding(id, 'IsLogging', 'the trail does not log'));
    if (!isTrue(props.EnableLogFileValidation)) {
      findings.push(
        finding(
          id,
          'EnableLogFileValidation',
          'log file validation is off: a changed or deleted log file goes unnoticed',
        ),
      );
    }
    const bucketId = referencedResource(props.S3BucketName);
    const bucket = bucketId ? template.Resources[bucketId] : undefined;
    if (!bucketId || bucket?.Type !== 'AWS::S3::Bucket') {
      findings.push(
        finding(id, 'S3BucketName', 'logs into a bucket this stack does not define (and no rule checks)'),
      );
      continue;
    }
    const name = bucket.Properties?.BucketName;
    const logBucket = (arn: string) =>
      mentionsResource(arn, bucketId) || (name !== undefined && arn.includes(renderString(name)));
    if (recordedArns(props).some(logBucket)) {
      findings.push(
        finding(
          id,
          'AdvancedEventSelectors',
          `records the data events of its own log bucket ${bucketId}: every delivery is recorded again`,
        ),
      );
    }
    const expires = asList(valueAt(bucket, 'Properties.LifecycleConfiguration.Rules')).some(
      (rule) => isPlainObject(rule) && rule.Status === 'Enabled' && rule.ExpirationInDays !== undefined,
    );
    if (!expires) {
      findings.push(
        finding(
          bucketId,
          'LifecycleConfiguration',
          `keeps the logs of ${id} forever: no enabled rule expires them`,
        ),
      );
    }
  }
  return findings;
};
