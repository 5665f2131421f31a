import { asList } from '../../rules/policy-documents.js';
import { numberParam } from '../../stage-params.js';
import { valueAt } from '../expect.js';
import type { InfraContext } from './context.js';

export function checkStream({ e, template, params, name }: InfraContext): void {
  if (!e.resource('Stream', 'AWS::Kinesis::Stream')) return;
  e.equals('Stream', 'Properties.Name', name('stream'));
  e.equals('Stream', 'Properties.StreamModeDetails.StreamMode', 'PROVISIONED');
  e.equals('Stream', 'Properties.ShardCount', numberParam(params, 'streamShardCount'));
  e.equals('Stream', 'Properties.RetentionPeriodHours', numberParam(params, 'streamRetentionHours'));
  e.equals('Stream', 'Properties.StreamEncryption', { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
  const metrics = asList(valueAt(template.Resources.Stream, 'Properties.DesiredShardLevelMetrics'));
  e.check('Stream', 'Properties.DesiredShardLevelMetrics', metrics.length > 0, 'shard-level metrics are off');
}
