/**
 * The producer in a worker thread of its own (docs/architecture.md §7): its sample generation
 * and its PutRecords calls' serialisation and signing off the thread that runs the handlers.
 * The same run as `runProducer`, the accepted records reported back as they are acknowledged.
 */
import { startTsWorker } from '@event-pipeline/emulators';
import type { ProducedRecord, ProducerStats } from './producer.js';
import type { ProducerSettings } from './settings.js';

/** Where the thread's own Kinesis client sends (`clientConfig('kinesis')` of the emulators, without its handler). */
export interface KinesisTarget {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface ProducerThreadData {
  kinesis: KinesisTarget;
  streamName: string;
  settings: ProducerSettings;
}

export type ToProducerThread = { type: 'abort' };
export type FromProducerThread =
  | { type: 'sent'; records: ProducedRecord[] }
  | { type: 'done'; stats: ProducerStats }
  | { type: 'failed'; error: unknown };

interface ProducerThreadOptions {
  kinesis: KinesisTarget;
  streamName: string;
  settings: ProducerSettings;
  /** Called with each call's accepted records, in order. */
  onSent?: (records: ProducedRecord[]) => void;
  /** Stops scheduling new batches (the ones in flight finish). */
  signal?: AbortSignal;
}

const MAIN = new URL('./producer-thread-main.ts', import.meta.url);

export function runProducerInThread(options: ProducerThreadOptions): Promise<ProducerStats> {
  const { kinesis, streamName, settings, signal } = options;
  const data: ProducerThreadData = {
    kinesis: { region: kinesis.region, endpoint: kinesis.endpoint, credentials: { ...kinesis.credentials } },
    streamName,
    settings,
  };
  const worker = startTsWorker(MAIN, data);
  const abort = () => worker.postMessage({ type: 'abort' } satisfies ToProducerThread);
  signal?.addEventListener('abort', abort, { once: true });
  if (signal?.aborted) abort();
  return new Promise<ProducerStats>((resolve, reject) => {
    worker.on('message', (message: FromProducerThread) => {
      if (message.type === 'sent') options.onSent?.(message.records);
      else if (message.type === 'done') resolve(message.stats);
      else reject(message.error);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the producer thread exited with code ${code}`)));
  }).finally(() => {
    signal?.removeEventListener('abort', abort);
    void worker.terminate();
  });
}
