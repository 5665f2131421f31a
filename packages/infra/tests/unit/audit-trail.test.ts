// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { auditTrail } from '../../src/rules/audit-trail.js';
import type { CfnResource } from '../../src/template.js';
import { secureBucket, template } from '../helpers/factories.js';

function trail(
  properties: Record<string, unknown> = {},
  recorded: unknown[] = [{ 'Fn::Sub': '${Lake.Arn}/' }],
): CfnResource {
  return {
    Type: 'AWS::CloudTrail::Trail',
    Properties: {
      S3BucketName: { Ref: 'Logs' },
      IsLogging: true,
      EnableLogFileValidation: true,
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'resources.ARN', StartsWith: recorded },
          ],
        },
      ],
      ...properties,
    },
  };
}

const expiring = { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 365 }] } };
const messages = (t: ReturnType<typeof template>) =>
  auditTrail('infra', t).map((f) => `${f.resource}.${f.property}: ${f.message}`);

describe('auditTrail', () => {
  it('accepts a validated trail logging into an expiring bucket of its own', () => {
    const t = template({ ...secureBucket('Lake'), ...secureBucket('Logs', expiring), Trail: trail() });
    expect(messages(t)).toEqual([]);
  });

  it('flags a trail without validation that does not log, into a bucket keeping logs forever', () => {
    const t = template({
      ...secureBucket('Logs'),
      Trail: trail({ EnableLogFileValidation: false, IsLogging: false }),
    });
    expect(messages(t)).toEqual([
      'Trail.IsLogging: the trail does not log',
      'Trail.EnableLogFileValidation: log file validation is off: a changed or deleted log file goes unnoticed',
      'Logs.LifecycleConfiguration: keeps the logs of Trail forever: no enabled rule expires them',
    ]);
  });

  it('flags a trail recording its own log bucket, or logging into a bucket of another stack', () => {
    const loop = template({
      ...secureBucket('Logs', expiring),
      Trail: trail({}, [{ 'Fn::Sub': '${Logs.Arn}/' }]),
    });
    expect(messages(loop)).toEqual([
      'Trail.AdvancedEventSelectors: records the data events of its own log bucket Logs: every delivery is recorded again',
    ]);
    const outside = template({ Trail: trail({ S3BucketName: 'someone-elses-bucket' }) });
    expect(messages(outside)).toEqual([
      'Trail.S3BucketName: logs into a bucket this stack does not define (and no rule checks)',
    ]);
  });
});
