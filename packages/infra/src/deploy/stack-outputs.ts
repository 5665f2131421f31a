/** The outputs of a deployed CloudFormation stack, by output key. */
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** Undefined when the stack does not exist (never deployed, or already removed). */
export async function readStackOutputs(
  cloudFormation: Pick<CloudFormationClient, 'send'>,
  stackName: string,
): Promise<Record<string, string> | undefined> {
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs: Record<string, string> = {};
    for (const output of Stacks?.[0]?.Outputs ?? []) {
      if (output.OutputKey && output.OutputValue !== undefined)
        outputs[output.OutputKey] = output.OutputValue;
    }
    return outputs;
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message))
      return undefined;
    throw error;
  }
}
