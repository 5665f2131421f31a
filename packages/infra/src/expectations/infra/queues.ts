import { numberParam } from '../../stage-params.js';
import type { InfraContext } from './context.js';

export function checkDeadLetterQueues({ e, params, name }: InfraContext): void {
  for (const [id, role] of [
    ['IngestDlq', 'kinesis-processor-dlq'],
    ['TransformDlq', 's3-transformer-dlq'],
  ] as const) {
    if (!e.resource(id, 'AWS::SQS::Queue')) continue;
    e.equals(id, 'Properties.QueueName', name(role));
    e.equals(id, 'Properties.MessageRetentionPeriod', numberParam(params, 'dlqRetentionSeconds'));
    e.equals(id, 'Properties.VisibilityTimeout', numberParam(params, 'dlqVisibilityTimeoutSeconds'));
    e.equals(id, 'Properties.SqsManagedSseEnabled', true);
  }
}
