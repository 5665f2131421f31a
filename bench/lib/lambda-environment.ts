/**
 * The environment Lambda gives a function with `tracing: Active`, for functions run as
 * bundles in child processes: Powertools then turns its Tracer on, and the X-Ray SDK runs in
 * its Lambda mode (a facade segment from `_X_AMZN_TRACE_ID`, subsegments sent over UDP to
 * the daemon, here a local stand-in that counts them).
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface XrayDaemon {
  address: string;
  /** Segment documents received. */
  readonly segments: number;
  close(): Promise<void>;
}

export async function startXrayDaemon(): Promise<XrayDaemon> {
  const socket = createSocket('udp4');
  let segments = 0;
  socket.on('message', () => {
    segments++;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    get segments() {
      return segments;
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

export function tracedLambdaEnvironment(options: {
  functionName: string;
  taskRoot: string;
  daemonAddress: string;
}): Record<string, string> {
  return {
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    LAMBDA_TASK_ROOT: options.taskRoot,
    _X_AMZN_TRACE_ID: 'Root=1-65a4e2d3-4f1b2c3d4e5f60718293a4b5;Parent=53995c3f42cd8ad8;Sampled=1',
    AWS_XRAY_DAEMON_ADDRESS: options.daemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
  };
}
