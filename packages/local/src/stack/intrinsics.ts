/**
 * Evaluates CloudFormation intrinsic functions in the long JSON form, with the answers a
 * deployed stack would give (`Ref`, `Fn::GetAtt`, `Fn::Sub`, conditions, ...) supplied by
 * the caller. `Ref: AWS::NoValue` removes the property, as in CloudFormation.
 */
import { isPlainObject } from '@event-pipeline/schema';

export interface IntrinsicResolver {
  /** `Ref` to a pseudo parameter, parameter or resource. */
  ref(name: string, where: string): unknown;
  getAtt(logicalId: string, attribute: string, where: string): unknown;
  condition(name: string, where: string): boolean;
  importValue(name: string, where: string): unknown;
  findInMap?(map: string, top: string, second: string, where: string): unknown;
}

export class IntrinsicError extends Error {
  override name = 'IntrinsicError';
}

const NO_VALUE = Symbol('AWS::NoValue');

function asString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicError(`${where}: expected a string, got ${JSON.stringify(value)}`);
}

function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value))
    throw new IntrinsicError(`${where}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}

function substitute(
  template: string,
  variables: Record<string, unknown>,
  r: IntrinsicResolver,
  where: string,
) {
  // `${!Literal}` is an escaped `${Literal}`.
  return template.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in variables) return asString(variables[name], `${where} \${${name}}`);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::'))
      return asString(r.getAtt(name.slice(0, dot), name.slice(dot + 1), where), `${where} \${${name}}`);
    return asString(r.ref(name, where), `${where} \${${name}}`);
  });
}

function evaluateFunction(name: string, arg: unknown, r: IntrinsicResolver, where: string): unknown {
  const at = `${where} (${name})`;
  const ev = (value: unknown) => evaluateValue(value, r, at);
  switch (name) {
    case 'Ref': {
      const target = asString(arg, at);
      return target === 'AWS::NoValue' ? NO_VALUE : r.ref(target, at);
    }
    case 'Condition':
      return r.condition(asString(arg, at), at);
    case 'Fn::GetAtt': {
      const parts = typeof arg === 'string' ? arg.split(/\.(.*)/s, 2) : asArray(ev(arg), at);
      return r.getAtt(asString(parts[0], at), asString(parts[1], at), at);
    }
    case 'Fn::Sub': {
      if (typeof arg === 'string') return substitute(arg, {}, r, at);
      const [template, variables] = asArray(arg, at);
      const values = isPlainObject(variables) ? (ev(variables) as Record<string, unknown>) : {};
      return substitute(asString(template, at), values, r, at);
    }
    case 'Fn::Join': {
      const [separator, items] = asArray(arg, at);
      return asArray(ev(items), at)
        .map((item) => asString(item, at))
        .join(asString(separator, at));
    }
    case 'Fn::Select': {
      const [index, items] = asArray(arg, at);
      const list = asArray(ev(items), at);
      const i = Number(ev(index));
      if (!(i >= 0 && i < list.length)) throw new IntrinsicError(`${at}: index ${i} is out of range`);
      return list[i];
    }
    case 'Fn::Split': {
      const [separator, text] = asArray(arg, at);
      return asString(ev(text), at).split(asString(separator, at));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = asArray(arg, at);
      return ev(r.condition(asString(condition, at), at) ? whenTrue : whenFalse);
    }
    case 'Fn::Equals': {
      const [a, b] = asArray(arg, at);
      return JSON.stringify(ev(a)) === JSON.stringify(ev(b));
    }
    case 'Fn::Not':
      return !ev(asArray(arg, at)[0]);
    case 'Fn::And':
      return asArray(arg, at).every((item) => ev(item) === true);
    case 'Fn::Or':
      return asArray(arg, at).some((item) => ev(item) === true);
    case 'Fn::ImportValue':
      return r.importValue(asString(ev(arg), at), at);
    case 'Fn::FindInMap': {
      if (r.findInMap === undefined) throw new IntrinsicError(`${at}: no Mappings in this template`);
      const [map, top, second] = asArray(ev(arg), at).map((item) => asString(item, at));
      return r.findInMap(map!, top!, second!, at);
    }
    case 'Fn::Base64':
      return Buffer.from(asString(ev(arg), at)).toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((zone) => `${asString(r.ref('AWS::Region', at), at)}${zone}`);
    default:
      throw new IntrinsicError(`${at}: ${name} is not supported by the local stack`);
  }
}

function evaluateValue(value: unknown, r: IntrinsicResolver, where: string): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item, i) => evaluateValue(item, r, `${where}[${i}]`))
      .filter((item) => item !== NO_VALUE);
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'))) {
    return evaluateFunction(keys[0]!, value[keys[0]!], r, where);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const item = evaluateValue(value[key], r, `${where}.${key}`);
    if (item !== NO_VALUE) out[key] = item;
  }
  return out;
}

/** The value of `value` with every intrinsic function evaluated; `where` names it in errors. */
export function evaluate(value: unknown, resolver: IntrinsicResolver, where: string): unknown {
  const result = evaluateValue(value, resolver, where);
  return result === NO_VALUE ? undefined : result;
}
