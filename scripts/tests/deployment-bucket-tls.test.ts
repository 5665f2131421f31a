/** scripts/deployment-bucket-tls.cjs, the plugin every stack lists for its deployment bucket. */
import { describe, expect, it } from '@jest/globals';
import DeploymentBucketTls, { denyOutdatedTls } from '../deployment-bucket-tls.cjs';

const POLICY = 'ServerlessDeploymentBucketPolicy';
const RESOURCES = ['arn:aws:s3:::deployment/*', 'arn:aws:s3:::deployment'];

/** The policy as osls compiles it: one Deny of requests without TLS. */
const template = () => ({
  Resources: {
    [POLICY]: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        PolicyDocument: {
          Statement: [
            {
              Action: 's3:*',
              Effect: 'Deny',
              Principal: '*',
              Resource: RESOURCES,
              Condition: { Bool: { 'aws:SecureTransport': false } },
            },
          ] as Array<Record<string, unknown>>,
        },
      },
    },
  },
});

const statements = (compiled: ReturnType<typeof template>) =>
  compiled.Resources[POLICY].Properties.PolicyDocument.Statement;

describe('deployment-bucket-tls', () => {
  it('adds a Deny below TLS 1.2 on the resources the TLS-only statement covers', () => {
    const compiled = template();
    expect(denyOutdatedTls(compiled, POLICY)).toBe(true);
    expect(statements(compiled)[1]).toEqual({
      Sid: 'DenyOutdatedTls',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: RESOURCES,
      Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    });
  });

  it('adds it once, and leaves a template without the policy alone', () => {
    const compiled = template();
    denyOutdatedTls(compiled, POLICY);
    expect(denyOutdatedTls(compiled, POLICY)).toBe(false);
    expect(statements(compiled)).toHaveLength(2);
    expect(denyOutdatedTls({ Resources: {} }, POLICY)).toBe(false);
    expect(denyOutdatedTls({}, POLICY)).toBe(false);
  });

  it('changes the compiled template before packaging finishes', () => {
    const compiled = template();
    const serverless = {
      service: { provider: { compiledCloudFormationTemplate: compiled } },
      getProvider: () => ({ naming: { getDeploymentBucketPolicyLogicalId: () => POLICY } }),
    };
    new DeploymentBucketTls(serverless).hooks['before:package:finalize']();
    expect(statements(compiled).map((s) => s.Sid)).toEqual([undefined, 'DenyOutdatedTls']);
  });
});
