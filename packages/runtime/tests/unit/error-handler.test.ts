import { describe, expect, it, jest } from '@jest/globals';
import middy from '@middy/core';
import { errorLogger } from '../../src/index.js';

describe('errorLogger', () => {
  it('logs the failure once and lets it propagate to the event source', async () => {
    const logger = { error: jest.fn() };
    const failure = new Error('S3 unavailable');
    const handler = middy(async () => {
      throw failure;
    }).use(errorLogger(logger));
    await expect(handler({}, {} as never)).rejects.toBe(failure);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith('invocation failed', failure);
  });

  it('stays out of the way of a successful invocation', async () => {
    const logger = { error: jest.fn() };
    const handler = middy(async () => ({ batchItemFailures: [] })).use(errorLogger(logger));
    await expect(handler({}, {} as never)).resolves.toEqual({ batchItemFailures: [] });
    expect(logger.error).not.toHaveBeenCalled();
  });
});
