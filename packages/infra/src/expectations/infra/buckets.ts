import { isPlainObject } from '@event-pipeline/schema';
import { asList } from '../../rules/policy-documents.js';
import { numberParam, stringParam } from '../../stage-params.js';
import { valueAt } from '../expect.js';
import type { InfraContext } from './context.js';

/** The data lake's buckets: logical id and the role in their name. */
export const DATA_BUCKETS = [
  ['RawBucket', 'raw'],
  ['ProcessedBucket', 'processed'],
] as const;

export function checkDataBuckets({ e, template, params, name }: InfraContext): void {
  for (const [id, role] of DATA_BUCKETS) {
    if (!e.resource(id, 'AWS::S3::Bucket')) continue;
    e.renders(id, 'Properties.BucketName', `${name(role)}-\${AWS::AccountId}-\${AWS::Region}`);
    e.equals(id, 'Properties.VersioningConfiguration.Status', 'Enabled');
    e.equals(id, 'DeletionPolicy', stringParam(params, 'dataRemovalPolicy'));
    const days = numberParam(params, 'glacierTransitionDays');
    const rules = asList(valueAt(template.Resources[id], 'Properties.LifecycleConfiguration.Rules')).filter(
      isPlainObject,
    );
    const archives = (list: string) =>
      rules.some(
        (r) =>
          r.Status === 'Enabled' &&
          asList(r[list]).some(
            (t) => isPlainObject(t) && t.StorageClass === 'GLACIER' && t.TransitionInDays === days,
          ),
      );
    e.check(
      id,
      'Properties.LifecycleConfiguration',
      archives('Transitions'),
      `no enabled rule moves objects to GLACIER after ${days} days`,
    );
    e.check(
      id,
      'Properties.LifecycleConfiguration',
      archives('NoncurrentVersionTransitions'),
      `no enabled rule moves noncurrent versions to GLACIER after ${days} days`,
    );
  }
  // The transform stack subscribes to the raw bucket (Custom::S3); a configuration here would erase it on update.
  e.equals('RawBucket', 'Properties.NotificationConfiguration', undefined);
}
