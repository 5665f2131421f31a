/**
 * What every cold-start tool runs the bundles on, so that their figures are of the same work:
 * each function's first event and settings, a local server answering its AWS calls (it serves
 * the raw object the transformer's event names), a stand-in X-Ray daemon, and each run's
 * environment, untraced or as Lambda's tracing sets it.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startAnswerServer } from '../lib/answer-server.js';
import { pipelineAnswers, servedBytes } from '../lib/aws-answers.js';
import { startXrayDaemon, tracedLambdaEnvironment } from '../lib/lambda-environment.js';
import {
  HANDLER_ENV,
  kinesisEvent,
  RAW_KEY,
  s3Event,
  sampleRawObject,
  scheduledEvent,
  shardRecords,
  validSamples,
} from '../lib/workloads.js';
import { functionEnvironment } from './fresh-process.js';

export type ColdStartSubject = 'reference' | 'ingest' | 'transform' | 'compact';

export interface FirstEvents {
  /** Each subject's first event (a file in the work folder) and its settings. */
  subjects: Record<ColdStartSubject, { eventFile: string; env: Record<string, string> }>;
  /** A run's environment: the local endpoints, the subject's settings and, traced, Lambda's tracing ones. */
  environment(subject: ColdStartSubject, bundleFile: string, traced: boolean): Record<string, string>;
  /** X-Ray segment documents the traced runs have sent so far. */
  xraySegments(): number;
  close(): Promise<void>;
}

export async function startFirstEvents(workDir: string): Promise<FirstEvents> {
  const object = sampleRawObject(10);
  const server = await startAnswerServer(pipelineAnswers(servedBytes(object)));
  const daemon = await startXrayDaemon();
  const subject = (name: ColdStartSubject, event: unknown, env: Record<string, string>) => {
    const eventFile = join(workDir, `${name}-event.json`);
    writeFileSync(eventFile, JSON.stringify(event));
    return { eventFile, env };
  };
  const subjects = {
    reference: subject('reference', {}, {}),
    ingest: subject('ingest', kinesisEvent(shardRecords(validSamples(1))), HANDLER_ENV.ingest),
    transform: subject('transform', s3Event(RAW_KEY, object.length), HANDLER_ENV.transform),
    // The query for pending partitions is answered with none.
    compact: subject('compact', scheduledEvent(), HANDLER_ENV.compact),
  };
  return {
    subjects,
    environment: (name, bundleFile, traced) => ({
      ...functionEnvironment(server.endpoint),
      ...subjects[name].env,
      ...(traced
        ? tracedLambdaEnvironment({
            functionName: `event-pipeline-bench-${name}`,
            taskRoot: dirname(bundleFile),
            daemonAddress: daemon.address,
          })
        : {}),
    }),
    xraySegments: () => daemon.segments,
    close: async () => {
      await Promise.all([server.close(), daemon.close()]);
    },
  };
}
