/** What the producer thread runs (producer-thread.ts): `runProducer` with a Kinesis client of its own. */
import { parentPort } from 'node:worker_threads';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { emulatorRequestHandler, threadData } from '@event-pipeline/emulators';
import { runProducer } from './producer.js';
import type { FromProducerThread, ProducerThreadData, ToProducerThread } from './producer-thread.js';

const port = parentPort!;
const post = (message: FromProducerThread) => port.postMessage(message);
const { kinesis, streamName, settings } = threadData<ProducerThreadData>();
const stop = new AbortController();
port.on('message', (message: ToProducerThread) => {
  if (message.type === 'abort') stop.abort();
});
const client = new KinesisClient({ ...kinesis, requestHandler: emulatorRequestHandler() });
try {
  const stats = await runProducer({
    kinesis: client,
    streamName,
    settings,
    signal: stop.signal,
    onSent: (records) => post({ type: 'sent', records }),
  });
  post({ type: 'done', stats });
} catch (error) {
  post({ type: 'failed', error });
} finally {
  client.destroy();
  port.close();
}
