import { describe, expect, it } from '@jest/globals';
import { evaluateCondition } from '../../src/conditions.js';
import { template } from '../helpers/factories.js';

/** The replication conditions as `sls package` renders them for a stage replicating to us-west-2. */
const replication = (replica: string, timeControl: boolean) =>
  template(
    {},
    {
      Conditions: {
        Replicates: {
          'Fn::And': [
            { 'Fn::Not': [{ 'Fn::Equals': [replica, ''] }] },
            { 'Fn::Not': [{ 'Fn::Equals': [replica, { Ref: 'AWS::Region' }] }] },
          ],
        },
        TimeControl: { 'Fn::And': [{ Condition: 'Replicates' }, { 'Fn::Equals': [timeControl, true] }] },
        Unknown: { 'Fn::Equals': [{ Ref: 'SomeParameter' }, 'x'] },
        Loop: { 'Fn::Not': [{ Condition: 'Loop' }] },
      },
    },
  );

describe('evaluateCondition', () => {
  it('evaluates with the region given, following conditions that name others', () => {
    const t = replication('us-west-2', true);
    expect(evaluateCondition(t, 'Replicates', { region: 'us-east-1' })).toBe(true);
    expect(evaluateCondition(t, 'Replicates', { region: 'us-west-2' })).toBe(false);
    expect(evaluateCondition(t, 'TimeControl', { region: 'us-east-1' })).toBe(true);
    expect(evaluateCondition(replication('', true), 'Replicates', { region: 'us-east-1' })).toBe(false);
    expect(evaluateCondition(replication('us-west-2', false), 'TimeControl', { region: 'us-east-1' })).toBe(
      false,
    );
  });

  it('compares strictly (a boolean is not its text), like the local stack', () => {
    const t = template({}, { Conditions: { On: { 'Fn::Equals': [true, 'true'] } } });
    expect(evaluateCondition(t, 'On', { region: 'us-east-1' })).toBe(false);
  });

  it('is undefined for what only a deployment knows, a missing condition, or a loop', () => {
    const t = replication('us-west-2', true);
    expect(evaluateCondition(t, 'Unknown', { region: 'us-east-1' })).toBeUndefined();
    expect(evaluateCondition(t, 'Missing', { region: 'us-east-1' })).toBeUndefined();
    expect(evaluateCondition(t, 'Loop', { region: 'us-east-1' })).toBeUndefined();
  });
});
