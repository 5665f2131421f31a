/**
 * What a recovery test works on: the local test pipeline, a recovery target on it (as the
 * tools build one from a stack file), and a temporary folder for the stack file the
 * command-line tools are pointed at.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTarget, type StackTarget } from '@event-pipeline/cli';
import { type LocalPipeline, type LocalPipelineOptions, writeStackFile } from '@event-pipeline/local';
import type { Sample } from '@event-pipeline/schema';
import { ROOT, type SentRecord, sendSamples, startTestPipeline } from './local-stack.js';

export interface RecoveryStack {
  pipeline: LocalPipeline;
  target: StackTarget;
  /** Puts the samples on the pipeline's stream (see sendSamples). */
  send(samples: readonly Sample[]): Promise<SentRecord[]>;
  /** Writes the pipeline's stack file into the temporary folder; its path, for `--stack-file`. */
  writeStackFile(): string;
  /** Destroys the target, stops the pipeline and removes the temporary folder. */
  stop(): Promise<void>;
}

export async function startRecoveryStack(
  options: Partial<LocalPipelineOptions> = {},
): Promise<RecoveryStack> {
  const workDir = await mkdtemp(join(tmpdir(), 'recovery-test-'));
  let pipeline: LocalPipeline | undefined;
  try {
    pipeline = await startTestPipeline(options);
    const started = pipeline;
    const target = await localTarget({ rootDir: ROOT, stack: started.stack });
    return {
      pipeline: started,
      target,
      send: (samples) => sendSamples(started, samples),
      writeStackFile() {
        const stackFile = join(workDir, 'stack.json');
        writeStackFile(stackFile, started.stack);
        return stackFile;
      },
      async stop() {
        target.destroy();
        await started.stop();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pipeline?.stop();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
