/** The metrics a packaged CloudWatch dashboard graphs, read from its DashboardBody. */
import { isPlainObject } from '@event-pipeline/schema';
import { renderString } from '../intrinsics.js';
import { asList } from '../rules/policy-documents.js';
import type { CfnTemplate } from '../template.js';
import { valueAt } from './expect.js';

/** One graphed metric: `[namespace, name, dimension, value, ..., {options}?]`, as the body writes it. */
export type DashboardMetric = unknown[];

/**
 * The `properties` of each widget. Throws when the body is not JSON once the `${...}` placeholders
 * (inside JSON strings) are filled in: a placeholder reads `X`, so a widget's `"region":
 * "${AWS::Region}"` reads "X" and only a literal region keeps its name.
 */
export function dashboardWidgets(template: CfnTemplate, logicalId: string): Array<Record<string, unknown>> {
  const body = renderString(valueAt(template.Resources[logicalId], 'Properties.DashboardBody'));
  const parsed: unknown = JSON.parse(body.replace(/\$\{[^}]+\}/g, 'X'));
  const widgets = isPlainObject(parsed) ? asList(parsed.widgets) : [];
  return widgets.flatMap((w) => (isPlainObject(w) && isPlainObject(w.properties) ? [w.properties] : []));
}

/** Every graphed metric of the dashboard; throws as dashboardWidgets does. */
export function dashboardMetrics(template: CfnTemplate, logicalId: string): DashboardMetric[] {
  return dashboardWidgets(template, logicalId).flatMap((properties) =>
    asList(properties.metrics).filter(Array.isArray),
  );
}

/** The value of `dimension` in a metric entry, if it has that dimension. */
export function dimensionValue(metric: DashboardMetric, dimension: string): unknown {
  for (let i = 2; i + 1 < metric.length; i += 2) {
    if (metric[i] === dimension) return metric[i + 1];
  }
  return undefined;
}
