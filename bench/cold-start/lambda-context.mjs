// The context Lambda's runtime passes a handler, for the fresh-process harnesses
// (first-invoke.mjs, first-event-profile.mjs): plain JavaScript, loaded before the clock starts.
export function lambdaContext(name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench-function') {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: '2024/01/15/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
  };
}
