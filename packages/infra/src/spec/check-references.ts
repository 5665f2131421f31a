/**
 * Every reference in a template resolves: `Ref`, `Fn::GetAtt` and `${...}` in `Fn::Sub` name a
 * resource, parameter or pseudo parameter of the template, GetAtt asks for an attribute the
 * resource type has (per the specification), and DependsOn names existing resources.
 */
import { isPlainObject } from '@event-pipeline/schema';
import { subPlaceholders } from '../intrinsics.js';
import { type CfnTemplate, type Finding, isCustomResource } from '../template.js';
import type { ResourceSpec } from './resource-spec.js';

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export function checkReferences(stack: string, template: CfnTemplate, spec: ResourceSpec): Finding[] {
  const findings: Finding[] = [];
  const resources = template.Resources;
  const parameters = new Set(Object.keys(template.Parameters ?? {}));

  const checkAttribute = (target: string, attribute: string): string | undefined => {
    const resource = resources[target];
    if (!resource) return `Fn::GetAtt names ${target}, which is not a resource of this template`;
    if (isCustomResource(resource.Type)) return undefined;
    const definition = spec.resource(resource.Type);
    if (definition && !(attribute in definition.attributes)) {
      return `${resource.Type} has no attribute ${attribute} (it has ${Object.keys(definition.attributes).join(', ')})`;
    }
    return undefined;
  };

  const walk = (value: unknown, owner: string, path: string, localNames: ReadonlySet<string>): void => {
    const report = (message: string) =>
      findings.push({ stack, resource: owner, property: path, rule: 'cfn-reference', message });
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        walk(item, owner, `${path}[${i}]`, localNames);
      });
      return;
    }
    if (!isPlainObject(value)) return;
    const ref = value.Ref;
    if (typeof ref === 'string' && Object.keys(value).length === 1) {
      if (!(ref in resources) && !parameters.has(ref) && !PSEUDO_PARAMETERS.has(ref)) {
        report(`Ref ${ref} names no resource, parameter or pseudo parameter`);
      }
      return;
    }
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined && Object.keys(value).length === 1) {
      const [target, ...rest] = Array.isArray(getAtt) ? getAtt.map(String) : String(getAtt).split('.');
      const problem = checkAttribute(target ?? '', rest.join('.'));
      if (problem) report(problem);
      return;
    }
    const sub = value['Fn::Sub'];
    if (sub !== undefined && Object.keys(value).length === 1) {
      const [text, variables] = Array.isArray(sub) ? sub : [sub, undefined];
      const names = new Set([...localNames, ...Object.keys(isPlainObject(variables) ? variables : {})]);
      if (typeof text === 'string') {
        for (const placeholder of subPlaceholders(text)) {
          if (names.has(placeholder) || PSEUDO_PARAMETERS.has(placeholder) || parameters.has(placeholder))
            continue;
          const [target, ...attribute] = placeholder.split('.');
          if (attribute.length === 0) {
            if (!(placeholder in resources))
              report(`Fn::Sub \${${placeholder}} names nothing in this template`);
          } else {
            const problem = checkAttribute(target!, attribute.join('.'));
            if (problem) report(`Fn::Sub \${${placeholder}}: ${problem}`);
          }
        }
      }
      if (isPlainObject(variables)) walk(variables, owner, `${path}.Fn::Sub`, localNames);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      walk(child, owner, path ? `${path}.${key}` : key, localNames);
    }
  };

  const none = new Set<string>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    walk(resource.Properties, logicalId, '', none);
    const dependsOn = resource.DependsOn;
    for (const dependency of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) {
      if (!(dependency in resources)) {
        findings.push({
          stack,
          resource: logicalId,
          property: 'DependsOn',
          rule: 'cfn-reference',
          message: `DependsOn ${dependency}, which is not a resource of this template`,
        });
      }
    }
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    walk(output, `Outputs.${name}`, '', none);
  }
  return findings;
}
