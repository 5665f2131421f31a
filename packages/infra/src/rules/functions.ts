/**
 * Lambda functions are observable and lose nothing: X-Ray tracing on, logs kept for a bounded time
 * in a log group the stack owns, and every event source that retries ends in a failure destination.
 */
import { isPlainObject } from '@event-pipeline/schema';
import { referencedResource, renderString } from '../intrinsics.js';
import type { CfnResource, CfnTemplate, Finding } from '../template.js';
import { isCustomResource, resourcesOfType } from '../template.js';
import { asList } from './policy-documents.js';
import { findingsFor, type Rule } from './rule.js';

/** Services whose invocations are asynchronous: Lambda retries them, then needs somewhere to put them. */
const ASYNC_PRINCIPALS = new Set(['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com']);

function functionName(template: CfnTemplate, id: string): string {
  const name = template.Resources[id]?.Properties?.FunctionName;
  return name === undefined ? `\${${id}}` : renderString(name);
}

/** Which function a FunctionName-like property points at: by Ref/GetAtt, or by its literal name. */
function resolveFunction(template: CfnTemplate, value: unknown): string | undefined {
  const referenced = referencedResource(value);
  if (referenced && template.Resources[referenced]?.Type === 'AWS::Lambda::Function') return referenced;
  const rendered = renderString(value);
  return resourcesOfType(template, 'AWS::Lambda::Function')
    .map(([id]) => id)
    .find(
      (id) =>
        functionName(template, id) === rendered ||
        rendered.endsWith(`:function:${functionName(template, id)}`),
    );
}

/** Functions that only back custom resources (run at deploy time, e.g. Serverless' `existing: true` S3 helper). */
function customResourceProviders(template: CfnTemplate): Set<string> {
  const providers = new Set<string>();
  for (const resource of Object.values(template.Resources)) {
    if (!isCustomResource(resource.Type)) continue;
    const id = referencedResource(resource.Properties?.ServiceToken);
    if (id) providers.add(id);
  }
  return providers;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function checkStreamMapping(
  id: string,
  mapping: CfnResource,
  finding: ReturnType<typeof findingsFor>,
): Finding[] {
  const props = mapping.Properties ?? {};
  const findings: Finding[] = [];
  const destination = props.DestinationConfig;
  const onFailure =
    isPlainObject(destination) && isPlainObject(destination.OnFailure)
      ? destination.OnFailure.Destination
      : undefined;
  if (onFailure === undefined) {
    findings.push(finding(id, 'DestinationConfig.OnFailure', 'stream mapping has no on-failure destination'));
  }
  const retries = props.MaximumRetryAttempts;
  if (retries === undefined || Number(retries) < 0) {
    findings.push(
      finding(
        id,
        'MaximumRetryAttempts',
        'stream mapping retries forever (default -1): a poison batch blocks its shard',
      ),
    );
  }
  if (!isTrue(props.BisectBatchOnFunctionError)) {
    findings.push(
      finding(id, 'BisectBatchOnFunctionError', 'stream mapping does not bisect failing batches'),
    );
  }
  if (!asList(props.FunctionResponseTypes).includes('ReportBatchItemFailures')) {
    findings.push(
      finding(id, 'FunctionResponseTypes', 'stream mapping does not accept ReportBatchItemFailures'),
    );
  }
  return findings;
}

export const functionObservability: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'function-observability');
  const findings: Finding[] = [];
  const providers = customResourceProviders(template);
  const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
  for (const [id, group] of logGroups) {
    if (group.Properties?.RetentionInDays === undefined) {
      findings.push(finding(id, 'RetentionInDays', 'log group keeps logs forever (no RetentionInDays)'));
    }
  }
  const groupNames = new Set(logGroups.map(([, g]) => renderString(g.Properties?.LogGroupName)));
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const props = fn.Properties ?? {};
    const logging = props.LoggingConfig;
    const logGroup =
      isPlainObject(logging) && logging.LogGroup !== undefined ? renderString(logging.LogGroup) : undefined;
    const expected = logGroup ?? `/aws/lambda/${functionName(template, id)}`;
    if (!groupNames.has(expected)) {
      findings.push(
        finding(
          id,
          'FunctionName',
          `no AWS::Logs::LogGroup ${expected} with a retention in this stack (Lambda would create one that never expires)`,
        ),
      );
    }
    const tracing = props.TracingConfig;
    if (!providers.has(id) && !(isPlainObject(tracing) && tracing.Mode === 'Active')) {
      findings.push(finding(id, 'TracingConfig.Mode', 'X-Ray tracing is not Active'));
    }
  }
  return findings;
};

export const functionFailureHandling: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'function-failure-handling');
  const findings: Finding[] = [];
  // Stream sources (Kinesis, DynamoDB streams) are the mappings with a StartingPosition.
  for (const [id, mapping] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    if (mapping.Properties?.StartingPosition !== undefined)
      findings.push(...checkStreamMapping(id, mapping, finding));
  }
  const asyncTargets = new Set<string>();
  for (const [, permission] of resourcesOfType(template, 'AWS::Lambda::Permission')) {
    const principal = permission.Properties?.Principal;
    if (typeof principal === 'string' && ASYNC_PRINCIPALS.has(principal)) {
      const target = resolveFunction(template, permission.Properties?.FunctionName);
      if (target) asyncTargets.add(target);
    }
  }
  // Serverless' `existing: true` S3 events: the custom resource adds the permission at deploy time.
  for (const [, custom] of resourcesOfType(template, 'Custom::S3')) {
    const target = resolveFunction(template, custom.Properties?.FunctionName);
    if (target) asyncTargets.add(target);
  }
  const configured = new Set<string>();
  for (const [, config] of resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig')) {
    const destination = config.Properties?.DestinationConfig;
    const onFailure =
      isPlainObject(destination) && isPlainObject(destination.OnFailure)
        ? destination.OnFailure.Destination
        : undefined;
    const target = resolveFunction(template, config.Properties?.FunctionName);
    if (target && onFailure !== undefined) configured.add(target);
  }
  for (const id of asyncTargets) {
    const deadLetter = template.Resources[id]?.Properties?.DeadLetterConfig;
    if (!configured.has(id) && !(isPlainObject(deadLetter) && deadLetter.TargetArn !== undefined)) {
      findings.push(
        finding(
          id,
          'DestinationConfig.OnFailure',
          'asynchronously invoked function has no on-failure destination or DLQ',
        ),
      );
    }
  }
  return findings;
};

export const tableRecovery: Rule = (stack: string, template: CfnTemplate) => {
  const finding = findingsFor(stack, 'table-recovery');
  return resourcesOfType(template, 'AWS::DynamoDB::Table')
    .filter(([, table]) => {
      const pitr = table.Properties?.PointInTimeRecoverySpecification;
      return !(isPlainObject(pitr) && isTrue(pitr.PointInTimeRecoveryEnabled));
    })
    .map(([id]) => finding(id, 'PointInTimeRecoverySpecification', 'table has no point-in-time recovery'));
};
