/**
 * The audit trail as the stage asks (auditTrail): present exactly when on, recording the data
 * events of both data buckets and no management events (resources/audit.yml says why), into its
 * own bucket, whose logs expire after the stage's auditLogExpirationDays.
 */
import { isPlainObject } from '@event-pipeline/schema';
import { evaluateCondition } from '../../conditions.js';
import { placeholder, renderString } from '../../intrinsics.js';
import { asList } from '../../rules/policy-documents.js';
import { booleanParam, numberParam } from '../../stage-params.js';
import { valueAt } from '../expect.js';
import { DATA_BUCKETS } from './buckets.js';
import type { InfraContext } from './context.js';

const AUDIT_RESOURCES = [
  ['AuditTrail', 'AWS::CloudTrail::Trail'],
  ['AuditLogBucket', 'AWS::S3::Bucket'],
  ['AuditLogBucketPolicy', 'AWS::S3::BucketPolicy'],
] as const;

/** Each selector's field values, by field name. */
function selectorFields(trail: unknown): Array<Record<string, string[]>> {
  return asList(valueAt(trail, 'Properties.AdvancedEventSelectors')).map((selector) => {
    const fields: Record<string, string[]> = {};
    for (const field of asList(valueAt(selector, 'FieldSelectors')).filter(isPlainObject)) {
      fields[String(field.Field)] = [...asList(field.Equals), ...asList(field.StartsWith)].map(renderString);
    }
    return fields;
  });
}

export function checkAuditTrail({ e, template, params, region, name, prefix }: InfraContext): void {
  const on = booleanParam(params, 'auditTrail');
  const evaluated = evaluateCondition(template, 'HasAuditTrail', { region });
  if (evaluated !== on) e.fail('Conditions', 'HasAuditTrail', `must be ${on}, is ${String(evaluated)}`);
  for (const [id, type] of AUDIT_RESOURCES) {
    if (e.resource(id, type)) e.equals(id, 'Condition', 'HasAuditTrail');
  }
  const trail = template.Resources.AuditTrail;
  if (!trail) return;
  e.equals('AuditTrail', 'Properties.TrailName', name('data-events'));
  e.renders('AuditTrail', 'Properties.S3BucketName', placeholder('AuditLogBucket'));
  e.renders('AuditLogBucket', 'Properties.BucketName', `${prefix}-audit-\${AWS::AccountId}-\${AWS::Region}`);
  const selectors = selectorFields(trail);
  const records = (bucketId: string) =>
    selectors.some(
      (s) =>
        s.eventCategory?.includes('Data') &&
        s['resources.type']?.includes('AWS::S3::Object') &&
        s['resources.ARN']?.includes(`\${${bucketId}.Arn}/`),
    );
  for (const [bucketId] of DATA_BUCKETS) {
    e.check(
      'AuditTrail',
      'Properties.AdvancedEventSelectors',
      records(bucketId),
      `does not record the object events of ${bucketId}`,
    );
  }
  e.check(
    'AuditTrail',
    'Properties.AdvancedEventSelectors',
    !selectors.some((s) => s.eventCategory?.includes('Management')) &&
      valueAt(trail, 'Properties.EventSelectors') === undefined,
    'records management events, which the account trail has (see resources/audit.yml)',
  );
  const days = numberParam(params, 'auditLogExpirationDays');
  const expiring = asList(
    valueAt(template.Resources.AuditLogBucket, 'Properties.LifecycleConfiguration.Rules'),
  ).some((rule) => isPlainObject(rule) && rule.Status === 'Enabled' && rule.ExpirationInDays === days);
  e.check(
    'AuditLogBucket',
    'Properties.LifecycleConfiguration',
    expiring,
    `no enabled rule expires the logs after ${days} days`,
  );
}
