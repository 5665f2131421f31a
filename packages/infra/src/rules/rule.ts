import type { CfnTemplate, Finding } from '../template.js';

/** A security or reliability rule over one packaged template. */
export type Rule = (stack: string, template: CfnTemplate) => Finding[];

/** Builds findings for one rule id, so each rule names itself once. */
export function findingsFor(stack: string, rule: string) {
  return (resource: string, property: string, message: string): Finding => ({
    stack,
    resource,
    property,
    rule,
    message,
  });
}
