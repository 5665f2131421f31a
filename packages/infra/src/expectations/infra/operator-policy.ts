/**
 * The operator policy exists, as a managed policy named for the stage and region. What it grants is
 * checked against the tools' own AWS calls (tests/integration/operator-policy.test.ts).
 */
import type { InfraContext } from './context.js';

export function checkOperatorPolicy({ e, name }: InfraContext): void {
  if (!e.resource('OperatorPolicy', 'AWS::IAM::ManagedPolicy')) return;
  e.renders('OperatorPolicy', 'Properties.ManagedPolicyName', `${name('operator')}-\${AWS::Region}`);
}
