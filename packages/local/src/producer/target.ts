/**
 * Where the producer sends: the running local stack (`.local/stack.json`: its Kinesis endpoint,
 * credentials and stream) or a deployed stage's stream, named by the same CloudFormation
 * fragments that create it (AWS credentials from the SDK's default chain).
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { planStack } from '../stack/plan.js';
import { readStackFile } from '../stack/stack-file.js';
import { loadStackTemplate } from '../stack/template.js';

export interface ProducerTarget {
  kinesis: KinesisClient;
  streamName: string;
  /** Where, for messages. */
  description: string;
}

export function localTarget(stackFile: string): ProducerTarget {
  const stack = readStackFile(stackFile);
  return {
    kinesis: new KinesisClient({
      region: stack.region,
      endpoint: stack.endpoints.kinesis,
      credentials: stack.credentials,
      // The emulators speak HTTP/1.1.
      requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 30_000 }),
    }),
    streamName: stack.stream,
    description: `the local stack (${stackFile}): stream ${stack.stream} at ${stack.endpoints.kinesis}`,
  };
}

export function stageTarget(rootDir: string, stage: string, region?: string): ProducerTarget {
  // The account id only shapes bucket names, which the producer does not use.
  const loaded = loadStackTemplate({
    rootDir,
    stage,
    region: region ?? 'us-east-1',
    accountId: '000000000000',
  });
  const targetRegion = region ?? String(loaded.params.region ?? 'us-east-1');
  const plan = planStack(loaded, { region: targetRegion, accountId: '000000000000' });
  if (plan.streams.length !== 1)
    throw new Error(`the stack defines ${plan.streams.length} streams; expected one`);
  const streamName = plan.streams[0]!.name;
  return {
    kinesis: new KinesisClient({ region: targetRegion }),
    streamName,
    description: `stage ${stage}: stream ${streamName} in ${targetRegion}`,
  };
}
