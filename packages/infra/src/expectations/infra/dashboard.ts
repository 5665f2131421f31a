/** The dashboard: the panels design §6 lists, its account-wide name with the region, and the cost panel. */
import { isPlainObject } from '@event-pipeline/schema';
import { type DashboardMetric, dashboardMetrics, dashboardWidgets } from '../dashboard.js';
import type { InfraContext } from './context.js';

/** Billing metrics exist in this region only. */
const BILLING_REGION = 'us-east-1';

function statsOf(metrics: DashboardMetric[], name: string): Set<string | undefined> {
  return new Set(
    metrics
      .filter((m) => m[1] === name)
      .map((m) => {
        const last = m[m.length - 1];
        return isPlainObject(last) && typeof last.stat === 'string' ? last.stat : undefined;
      }),
  );
}

/** What a widget graphs, as text: its metrics and metric math (SEARCH) expressions. */
function graphed(widget: Record<string, unknown>): string {
  return JSON.stringify(widget.metrics ?? []);
}

export function checkDashboard({ e, template, prefix }: InfraContext): void {
  if (!e.resource('Dashboard', 'AWS::CloudWatch::Dashboard')) return;
  e.renders('Dashboard', 'Properties.DashboardName', `${prefix}-\${AWS::Region}`);
  let widgets: Array<Record<string, unknown>>;
  let metrics: DashboardMetric[];
  try {
    widgets = dashboardWidgets(template, 'Dashboard');
    metrics = dashboardMetrics(template, 'Dashboard');
  } catch (error) {
    e.fail('Dashboard', 'DashboardBody', `is not valid JSON: ${(error as Error).message}`);
    return;
  }
  const billing = widgets.filter((w) => graphed(w).includes('AWS/Billing'));
  const shown: Array<[string, boolean]> = [
    ['throughput (IncomingRecords)', metrics.some((m) => m[1] === 'IncomingRecords')],
    ['errors (Errors)', metrics.some((m) => m[1] === 'Errors')],
    ['iterator age (IteratorAge)', metrics.some((m) => m[1] === 'IteratorAge')],
    ['duration p50/p95/p99', ['p50', 'p95', 'p99'].every((s) => statsOf(metrics, 'Duration').has(s))],
    [
      'DLQ depth of both queues',
      metrics.filter((m) => m[1] === 'ApproximateNumberOfMessagesVisible').length >= 2,
    ],
    [
      'end-to-end latency (EventPipeline EndToEndLatency)',
      metrics.some((m) => m[0] === 'EventPipeline' && m[1] === 'EndToEndLatency'),
    ],
    [
      'estimated charges by service (AWS/Billing EstimatedCharges by ServiceName, Currency USD)',
      billing.some((w) => {
        const text = graphed(w);
        return text.includes('EstimatedCharges') && text.includes('ServiceName') && text.includes('USD');
      }),
    ],
  ];
  for (const [what, ok] of shown) e.check('Dashboard', 'DashboardBody', ok, `does not show ${what}`);
  for (const widget of billing) {
    e.check(
      'Dashboard',
      'DashboardBody',
      widget.region === BILLING_REGION,
      `widget "${String(widget.title)}" graphs billing metrics from ${String(widget.region)}: they exist in ${BILLING_REGION} only`,
    );
  }
}
