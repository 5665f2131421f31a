/**
 * Cross-region replication as the stage asks (replicaRegion, replicationTimeControl): in the
 * stage's region both data buckets replicate to the same stage's buckets of the replica region,
 * through the replication role, with exactly those ARNs; deployed in the replica region itself,
 * nothing replicates (it would be to itself).
 */
import { evaluateCondition } from '../../conditions.js';
import { placeholder, renderString } from '../../intrinsics.js';
import { asList, identityPolicies } from '../../rules/policy-documents.js';
import { booleanParam, stringParam } from '../../stage-params.js';
import { valueAt } from '../expect.js';
import { DATA_BUCKETS } from './buckets.js';
import type { InfraContext } from './context.js';

const sameSet = (a: string[], b: string[]) =>
  JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

function checkConditions({ e, template, params, region }: InfraContext, replica: string): void {
  const replicates = replica !== '' && replica !== region;
  if (replica === stringParam(params, 'region')) {
    e.fail(
      'Conditions',
      'Replicates',
      `replicaRegion is the stage's own region ${replica}: nothing replicates`,
    );
  }
  const inRegion = evaluateCondition(template, 'Replicates', { region });
  if (inRegion !== replicates) {
    e.fail('Conditions', 'Replicates', `in ${region} must be ${replicates}, is ${String(inRegion)}`);
  }
  if (replica !== '' && evaluateCondition(template, 'Replicates', { region: replica }) !== false) {
    e.fail(
      'Conditions',
      'Replicates',
      `is not false in the replica region ${replica}: its buckets would replicate to themselves`,
    );
  }
  const timeControl = replicates && booleanParam(params, 'replicationTimeControl');
  const rtc = evaluateCondition(template, 'ReplicationTimeControl', { region });
  if (rtc !== timeControl) {
    e.fail('Conditions', 'ReplicationTimeControl', `in ${region} must be ${timeControl}, is ${String(rtc)}`);
  }
}

export function checkReplication(context: InfraContext): void {
  const { e, template, params } = context;
  const replica = stringParam(params, 'replicaRegion');
  checkConditions(context, replica);
  if (e.resource('ReplicationRole', 'AWS::IAM::Role')) e.equals('ReplicationRole', 'Condition', 'Replicates');
  const sources: string[] = [];
  const destinations: string[] = [];
  for (const [id] of DATA_BUCKETS) {
    const configuration = valueAt(template.Resources[id], 'Properties.ReplicationConfiguration');
    const [condition, replicated, otherwise] = asList(valueAt(configuration, 'Fn::If'));
    if (condition !== 'Replicates' || JSON.stringify(otherwise) !== JSON.stringify({ Ref: 'AWS::NoValue' })) {
      e.fail(id, 'ReplicationConfiguration', 'must be Fn::If [Replicates, <configuration>, AWS::NoValue]');
      continue;
    }
    e.check(
      id,
      'ReplicationConfiguration.Role',
      renderString(valueAt(replicated, 'Role')) === placeholder('ReplicationRole.Arn'),
      'must be the ReplicationRole',
    );
    const source = `arn:\${AWS::Partition}:s3:::${renderString(valueAt(template.Resources[id], 'Properties.BucketName'))}`;
    const destination = source.replace(placeholder('AWS::Region'), replica);
    sources.push(source);
    destinations.push(destination);
    const rules = asList(valueAt(replicated, 'Rules'));
    e.check(
      id,
      'ReplicationConfiguration.Rules',
      replica === '' ||
        (rules.length > 0 &&
          rules.every((r) => renderString(valueAt(r, 'Destination.Bucket')) === destination)),
      `must replicate everything to ${destination}`,
    );
  }
  if (replica === '' || !template.Resources.ReplicationRole) return;
  // The role names the buckets by name (a reference would be a cycle): they must be exactly these.
  const granted = identityPolicies(template)
    .filter((p) => p.resource === 'ReplicationRole')
    .flatMap((p) => p.statements)
    .flatMap((s) => asList(s.Resource).map(renderString));
  const expected = [...sources, ...sources.map((s) => `${s}/*`), ...destinations.map((d) => `${d}/*`)];
  e.check(
    'ReplicationRole',
    'Policies',
    sameSet(granted, expected),
    `must grant on exactly ${expected.join(', ')}; grants on ${[...new Set(granted)].join(', ')}`,
  );
}
