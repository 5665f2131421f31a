/**
 * Static evaluation of a template's conditions: the stage's parameters are literals by the time
 * `sls package` has run, so a condition is known once the region is given (`Ref AWS::Region`).
 * Anything else a condition could depend on (other pseudo parameters, template parameters) is unknown.
 */
import { isPlainObject } from '@event-pipeline/schema';
import type { CfnTemplate } from './template.js';

export interface ConditionContext {
  region: string;
}

/** The condition's value, or undefined when it depends on something only known at deploy time. */
export function evaluateCondition(
  template: CfnTemplate,
  name: string,
  context: ConditionContext,
): boolean | undefined {
  const value = evaluate(template.Conditions?.[name], template, context, new Set([name]));
  return typeof value === 'boolean' ? value : undefined;
}

type Value = string | boolean | undefined;

function evaluate(node: unknown, template: CfnTemplate, context: ConditionContext, seen: Set<string>): Value {
  if (typeof node === 'string' || typeof node === 'boolean') return node;
  if (typeof node === 'number') return String(node);
  if (!isPlainObject(node) || Object.keys(node).length !== 1) return undefined;
  const [[fn, arg]] = Object.entries(node) as [[string, unknown]];
  const args = Array.isArray(arg) ? arg : [arg];
  const all = () => args.map((a) => evaluate(a, template, context, seen));
  switch (fn) {
    case 'Ref':
      return arg === 'AWS::Region' ? context.region : undefined;
    case 'Condition': {
      if (typeof arg !== 'string' || seen.has(arg)) return undefined;
      return evaluate(template.Conditions?.[arg], template, context, new Set([...seen, arg]));
    }
    case 'Fn::Equals': {
      const [a, b] = all();
      // Strictly, as the local stack does: a boolean parameter is compared with `true`, not "true".
      return a === undefined || b === undefined ? undefined : a === b;
    }
    case 'Fn::Not': {
      const [a] = all();
      return typeof a === 'boolean' ? !a : undefined;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const values = all();
      if (values.some((v) => typeof v !== 'boolean')) return undefined;
      return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    default:
      return undefined;
  }
}
