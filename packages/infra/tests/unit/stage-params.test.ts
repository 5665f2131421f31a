// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JavaScript templates
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { numberParam, resolveStageParams } from '../../src/stage-params.js';

const document = parse(`
default:
  app: event-pipeline
  shards: 2
  retain: false
  functionName: \${param:app}-ingest-\${sls:stage}-processor
prod:
  shards: 4
`);

describe('resolveStageParams', () => {
  it("merges the stage's block over the defaults and resolves ${param:} and ${sls:stage}", () => {
    expect(resolveStageParams(document, 'prod')).toEqual({
      app: 'event-pipeline',
      shards: 4,
      retain: false,
      functionName: 'event-pipeline-ingest-prod-processor',
    });
  });

  it('gives a stage without a block the defaults', () => {
    expect(resolveStageParams(document, 'qa')).toMatchObject({
      shards: 2,
      functionName: 'event-pipeline-ingest-qa-processor',
    });
  });

  it('names the parameter that cannot be resolved', () => {
    expect(() => resolveStageParams(parse('default: { a: "${param:b}" }'), 'dev')).toThrow(
      "config/stages.yml: no parameter 'b' for stage 'dev'",
    );
    expect(() => resolveStageParams(parse('default: { a: "${param:a}" }'), 'dev')).toThrow(
      "parameter 'a' refers to itself",
    );
    expect(() => resolveStageParams(parse('default: { a: "${env:HOME}" }'), 'dev')).toThrow(
      "parameter 'a' uses ${env:HOME}; only ${param:...} and ${sls:stage} are supported",
    );
    expect(() => resolveStageParams({ dev: {} }, 'dev')).toThrow("must map 'default'");
  });

  it('checks the type of a numeric parameter', () => {
    const params = resolveStageParams(document, 'dev');
    expect(numberParam(params, 'shards')).toBe(2);
    expect(() => numberParam(params, 'app')).toThrow("parameter 'app' must be a number, is event-pipeline");
  });
});
