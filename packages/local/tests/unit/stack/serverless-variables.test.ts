// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Serverless and CloudFormation ${} syntax, not templates.
import { describe, expect, it } from '@jest/globals';
import { VariableResolver } from '../../../src/stack/serverless-variables.js';

const resolver = new VariableResolver({
  stage: 'dev',
  region: 'us-east-1',
  accountId: '000000000000',
  params: { app: 'event-pipeline', shards: 2 },
  self: { service: '${param:app}', custom: { prefix: '${self:service}-${sls:stage}' } },
  baseDir: '/nonexistent',
  env: {},
});

describe('VariableResolver', () => {
  it('resolves params, stage, self paths and fallbacks, keeping the type of a whole-value variable', () => {
    expect(resolver.resolve('${self:custom.prefix}-stream')).toBe('event-pipeline-dev-stream');
    expect(resolver.resolve('${param:shards}')).toBe(2);
    expect(resolver.resolve("${opt:region, 'eu-west-1'}")).toBe('us-east-1');
    expect(resolver.resolve("${env:NOT_SET, 'fallback'}")).toBe('fallback');
    expect(resolver.resolve('${env:NOT_SET, param:app}')).toBe('event-pipeline');
  });

  it("leaves CloudFormation's own ${AWS::...} placeholders for Fn::Sub", () => {
    expect(resolver.resolve('${param:app}-raw-${AWS::AccountId}-${AWS::Region}')).toBe(
      'event-pipeline-raw-${AWS::AccountId}-${AWS::Region}',
    );
  });

  it('names the place and the variable that has no value', () => {
    expect(() => resolver.resolve({ Name: '${param:missing}' }, 'stream.yml')).toThrow(
      'stream.yml.Name: ${param:missing} has no value (stage "dev")',
    );
  });
});
