/** Verification of packaged templates: the resource specification, references, and the security rules. */
import { SECURITY_RULES } from './rules/index.js';
import type { Rule } from './rules/rule.js';
import { checkReferences } from './spec/check-references.js';
import { checkResourceAgainstSpec } from './spec/check-resource.js';
import type { ResourceSpec } from './spec/resource-spec.js';
import type { Finding, StackTemplate } from './template.js';

/** Every finding for one template: spec conformance of each resource, references, then each rule. */
export function verifyTemplate(
  { stack, template }: StackTemplate,
  spec: ResourceSpec,
  rules: readonly Rule[] = SECURITY_RULES,
): Finding[] {
  const specFindings = Object.entries(template.Resources).flatMap(([id, resource]) =>
    checkResourceAgainstSpec(stack, id, resource, spec),
  );
  return [
    ...specFindings,
    ...checkReferences(stack, template, spec),
    ...rules.flatMap((rule) => rule(stack, template)),
  ];
}
