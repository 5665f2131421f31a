/** The parts of a CloudFormation template the verification reads, and what it reports. */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
  [attribute: string]: unknown;
}

export interface CfnOutput {
  Value: unknown;
  Export?: { Name: unknown };
  Description?: string;
  Condition?: string;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

/** A stack's template together with the name the findings use for it. */
export interface StackTemplate {
  stack: string;
  template: CfnTemplate;
}

/** One violated rule: which stack, which resource (logical id) and which property path. */
export interface Finding {
  stack: string;
  resource: string;
  property: string;
  rule: string;
  message: string;
}

export function formatFinding(f: Finding): string {
  const where = f.property ? `${f.resource}.${f.property}` : f.resource;
  return `[${f.stack}] ${where}: ${f.message} (${f.rule})`;
}

/** Resources of one CloudFormation type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** Custom resources (`Custom::*`) take any properties; a Lambda function or SNS topic (ServiceToken) provides them. */
export function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
