/** The Lambda entry (serverless.yml `handler: src/lambda.handler`): see lambdaEntry. */
import { lambdaEntry } from '@event-pipeline/runtime';
import { loadCompactConfig } from './config.js';
import { createHandler } from './handler.js';

export const handler = await lambdaEntry(loadCompactConfig, createHandler);
