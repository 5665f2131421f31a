/** scripts/prune-default-role.cjs, the plugin both services list after serverless-iam-roles-per-function. */
import { describe, expect, it } from '@jest/globals';
import PruneDefaultRole, { pruneUnusedRole } from '../prune-default-role.cjs';

const ROLE = 'IamRoleLambdaExecution';
const template = (extra: Record<string, unknown> = {}) => ({
  Resources: {
    [ROLE]: { Type: 'AWS::IAM::Role' },
    ProcessorIamRoleLambdaExecution: { Type: 'AWS::IAM::Role' },
    ProcessorLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: { 'Fn::GetAtt': ['ProcessorIamRoleLambdaExecution', 'Arn'] } },
    },
    ...extra,
  },
});

describe('prune-default-role', () => {
  it('deletes the default role when nothing mentions it (a longer name containing it does not count)', () => {
    const compiled = template();
    expect(pruneUnusedRole(compiled, ROLE)).toBe(true);
    expect(Object.keys(compiled.Resources)).toEqual([
      'ProcessorIamRoleLambdaExecution',
      'ProcessorLambdaFunction',
    ]);
  });

  it('keeps it when anything else refers to it', () => {
    for (const reference of [
      { Ref: ROLE },
      { 'Fn::GetAtt': [ROLE, 'Arn'] },
      { 'Fn::Sub': `\${${ROLE}.Arn}` },
    ]) {
      const compiled = template({
        Other: { Type: 'AWS::Lambda::Function', Properties: { Role: reference } },
      });
      expect(pruneUnusedRole(compiled, ROLE)).toBe(false);
      expect(compiled.Resources).toHaveProperty(ROLE);
    }
    const dependent = template({ Other: { Type: 'AWS::SQS::Queue', DependsOn: [ROLE] } });
    expect(pruneUnusedRole(dependent, ROLE)).toBe(false);
  });

  it('is a no-op without the role', () => {
    expect(pruneUnusedRole({ Resources: {} }, ROLE)).toBe(false);
    expect(pruneUnusedRole({}, ROLE)).toBe(false);
  });

  it('prunes the compiled template before packaging finishes', () => {
    const compiled = template();
    const serverless = {
      service: { provider: { compiledCloudFormationTemplate: compiled } },
      getProvider: () => ({ naming: { getRoleLogicalId: () => ROLE } }),
    };
    const infos: string[] = [];
    new PruneDefaultRole(serverless, {}, { log: { info: (line: string) => infos.push(line) } }).hooks[
      'before:package:finalize'
    ]();
    expect(compiled.Resources).not.toHaveProperty(ROLE);
    expect(infos).toEqual([`removed the unused default role ${ROLE}`]);
  });
});
