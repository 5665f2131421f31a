/** The Serverless stacks (docs/stack-contract.md), in deploy order. */

export type StackId = 'infra' | 'ingest' | 'transform' | 'compact';

export interface StackDefinition {
  id: StackId;
  /** The directory of its serverless.yml, relative to the repository root. */
  dir: string;
  /** Its `service:`; the CloudFormation stack is `<service>-<stage>`. */
  service: string;
}

/** Deploy order: the services import the infrastructure stack's exports. Remove in reverse. */
export const STACKS: readonly StackDefinition[] = [
  { id: 'infra', dir: '.', service: 'event-pipeline' },
  { id: 'ingest', dir: 'services/ingest', service: 'event-pipeline-ingest' },
  { id: 'transform', dir: 'services/transform', service: 'event-pipeline-transform' },
  { id: 'compact', dir: 'services/compact', service: 'event-pipeline-compact' },
];

export type StackCommand = 'package' | 'deploy' | 'remove';

export function stacksFor(command: StackCommand): StackDefinition[] {
  return command === 'remove' ? [...STACKS].reverse() : [...STACKS];
}

export function cloudFormationStackName(stack: StackDefinition, stage: string): string {
  return `${stack.service}-${stage}`;
}

export function stackById(id: StackId): StackDefinition {
  const stack = STACKS.find((s) => s.id === id);
  if (!stack) throw new Error(`unknown stack ${id}`);
  return stack;
}
