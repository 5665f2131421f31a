/**
 * Captures the EMF blobs Powertools Metrics writes to stdout (it bypasses `console`), and
 * lets every other write through.
 */
import { jest } from '@jest/globals';

export interface EmfBlob {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [metricOrDimension: string]: unknown;
}

export interface EmfCapture {
  blobs: EmfBlob[];
  restore(): void;
}

export function captureEmf(): EmfCapture {
  const blobs: EmfBlob[] = [];
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((
    chunk: unknown,
    ...rest: unknown[]
  ) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (!text.includes('"_aws"')) return write(chunk, ...rest);
    for (const line of text.split('\n')) if (line.trim() !== '') blobs.push(JSON.parse(line) as EmfBlob);
    return true;
  }) as typeof process.stdout.write);
  return { blobs, restore: () => spy.mockRestore() };
}

/** The unit a blob declares for a metric. */
export function unitOf(blob: EmfBlob, name: string): string | undefined {
  return blob._aws.CloudWatchMetrics[0]?.Metrics.find((metric) => metric.Name === name)?.Unit;
}
