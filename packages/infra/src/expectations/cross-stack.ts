/**
 * The stacks fit together: every value a service imports is exported by the infrastructure stack,
 * the functions carry the names the infrastructure stack's alarms and dashboard watch, and their
 * logs are kept for the stage's retention.
 */
import { isPlainObject } from '@event-pipeline/schema';
import { renderString } from '../intrinsics.js';
import type { StackId } from '../stacks.js';
import { numberParam, type StageParams, stringParam } from '../stage-params.js';
import type { Finding, StackTemplate } from '../template.js';
import { resourcesOfType } from '../template.js';
import { dashboardMetrics, dimensionValue } from './dashboard.js';
import { valueAt } from './expect.js';

const FUNCTION_NAME_PARAM: Partial<Record<StackId, string>> = {
  ingest: 'ingestFunctionName',
  transform: 'transformFunctionName',
};

/** Metrics the dashboard graphs from a function's own EMF output, by the stack that emits them. */
const EMF_METRICS: Partial<Record<StackId, string[]>> = { transform: ['EndToEndLatency'] };

/** The dashboard's EMF metrics come from the function's Powertools namespace and `service` dimension. */
function checkEmfMetrics(
  infra: StackTemplate,
  service: StackTemplate,
  fail: (property: string, message: string) => void,
) {
  const names = EMF_METRICS[service.stack as StackId] ?? [];
  if (names.length === 0 || !infra.template.Resources.Dashboard) return;
  const graphed = dashboardMetrics(infra.template, 'Dashboard');
  const environments = resourcesOfType(service.template, 'AWS::Lambda::Function').map(([, f]) => {
    const variables = valueAt(f, 'Properties.Environment.Variables');
    return isPlainObject(variables) ? variables : {};
  });
  for (const name of names) {
    for (const metric of graphed.filter((m) => m[1] === name)) {
      const namespace = metric[0];
      const serviceName = dimensionValue(metric, 'service');
      const emitted = environments.some(
        (env) =>
          env.POWERTOOLS_METRICS_NAMESPACE === namespace && env.POWERTOOLS_SERVICE_NAME === serviceName,
      );
      if (!emitted) {
        fail(
          'DashboardBody',
          `graphs ${String(namespace)}/${name} with service=${String(serviceName)}, but no ${service.stack} function has POWERTOOLS_METRICS_NAMESPACE ${String(namespace)} and POWERTOOLS_SERVICE_NAME ${String(serviceName)}`,
        );
      }
    }
  }
}

function importsOf(value: unknown, path: string, found: Array<{ path: string; name: string }>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      importsOf(v, `${path}[${i}]`, found);
    });
  } else if (isPlainObject(value)) {
    if ('Fn::ImportValue' in value && Object.keys(value).length === 1) {
      found.push({ path, name: renderString(value['Fn::ImportValue']) });
      return;
    }
    for (const [key, child] of Object.entries(value)) importsOf(child, path ? `${path}.${key}` : key, found);
  }
}

export function checkCrossStack(
  infra: StackTemplate,
  services: readonly StackTemplate[],
  p: StageParams,
): Finding[] {
  const findings: Finding[] = [];
  const fail = (stack: string, resource: string, property: string, message: string) =>
    findings.push({ stack, resource, property, rule: 'cross-stack', message });
  const exported = new Set(
    Object.values(infra.template.Outputs ?? {})
      .filter((o) => o.Export)
      .map((o) => renderString(o.Export?.Name)),
  );
  const retention = numberParam(p, 'logRetentionDays');
  for (const { stack, template } of services) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      const imports: Array<{ path: string; name: string }> = [];
      importsOf(resource.Properties, '', imports);
      for (const { path, name } of imports) {
        if (!exported.has(name))
          fail(stack, id, path, `imports ${name}, which the ${infra.stack} stack does not export`);
      }
    }
    const param = FUNCTION_NAME_PARAM[stack as StackId];
    if (param) {
      const expected = stringParam(p, param);
      const names = resourcesOfType(template, 'AWS::Lambda::Function').map(([, f]) =>
        renderString(f.Properties?.FunctionName),
      );
      if (!names.includes(expected)) {
        fail(
          stack,
          'AWS::Lambda::Function',
          'FunctionName',
          `no function named ${expected} (param ${param}), which the alarms and dashboard watch`,
        );
      }
    }
    checkEmfMetrics(infra, { stack, template }, (property, message) =>
      fail(infra.stack, 'Dashboard', property, message),
    );
    for (const [id, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
      const days = group.Properties?.RetentionInDays;
      if (days !== undefined && Number(days) !== retention) {
        fail(
          stack,
          id,
          'RetentionInDays',
          `keeps logs ${String(days)} days, the stage's logRetentionDays is ${retention}`,
        );
      }
    }
  }
  return findings;
}
