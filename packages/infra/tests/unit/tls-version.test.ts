// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { tlsMinimumVersion } from '../../src/rules/tls-version.js';
import { outdatedTlsStatement, secureBucket, template } from '../helpers/factories.js';

type Statements = { Statement: Array<Record<string, unknown>> };
const statements = (t: ReturnType<typeof template>, policy: string) =>
  (t.Resources[policy]!.Properties!.PolicyDocument as Statements).Statement;

describe('tlsMinimumVersion', () => {
  it('accepts a bucket whose policy denies TLS below 1.2 on the bucket and its objects', () => {
    expect(tlsMinimumVersion('infra', template(secureBucket('Lake')))).toEqual([]);
  });

  it('accepts the statement as Serverless compiles it for its deployment bucket (Fn::Join ARNs)', () => {
    const arn = (suffix: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Deploy' }, suffix]],
    });
    const t = template(secureBucket('Deploy'));
    statements(t, 'DeployPolicy')[1] = outdatedTlsStatement([arn('/*'), arn('')]);
    expect(tlsMinimumVersion('infra', t)).toEqual([]);
  });

  it('flags a bucket without the statement, or with a lower floor, or covering only its objects', () => {
    const missing = template(secureBucket('Missing'));
    statements(missing, 'MissingPolicy').pop();
    const lower = template(secureBucket('Lower'));
    statements(lower, 'LowerPolicy')[1] = {
      ...outdatedTlsStatement([{ 'Fn::GetAtt': ['Lower', 'Arn'] }, { 'Fn::Sub': '${Lower.Arn}/*' }]),
      Condition: { NumericLessThan: { 's3:TlsVersion': 1.1 } },
    };
    const objectsOnly = template(secureBucket('Objects'));
    statements(objectsOnly, 'ObjectsPolicy')[1] = outdatedTlsStatement({ 'Fn::Sub': '${Objects.Arn}/*' });
    const t = template({ ...missing.Resources, ...lower.Resources, ...objectsOnly.Resources });
    expect(tlsMinimumVersion('infra', t).map((f) => `${f.resource} (${f.rule}): ${f.message}`)).toEqual(
      ['Missing', 'Lower', 'Objects'].map(
        (id) =>
          `${id} (tls-1.2): no AWS::S3::BucketPolicy denies s3:* on the bucket and its objects when s3:TlsVersion is below 1.2`,
      ),
    );
  });
});
