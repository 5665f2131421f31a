/**
 * CloudFormation intrinsic functions, as far as a static check can see through them: recognising
 * them (their value is only known at deploy time) and following references to resources.
 */
import { isPlainObject } from '@event-pipeline/schema';

/** `{Ref: ...}` or `{"Fn::...": ...}` (also `{Condition: ...}` inside Fn::And/Or/Not). */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const key = keys[0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

/** The logical id a `{Ref}` or `{Fn::GetAtt}` points at, if the value is one of those. */
export function referencedResource(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every `${Name}` / `${Name.Attr}` placeholder of a Fn::Sub template string. */
export function subPlaceholders(template: string): string[] {
  return [...template.matchAll(/\$\{(?!!)([^}]+)\}/g)].map((m) => m[1]!.trim());
}

/** `${name}`: how a Fn::Sub template (and renderString) writes a reference. */
export function placeholder(name: string): string {
  return `\${${name}}`;
}

/**
 * A readable, comparable rendering of a value that may contain intrinsics: literal strings stay,
 * `Ref X` becomes `${X}`, `GetAtt X.Y` becomes `${X.Y}`, `ImportValue N` becomes `${Import:N}`, Fn::Sub keeps
 * its template, Fn::Join joins.
 * Anything else becomes `${?}`.
 */
export function renderString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isPlainObject(value)) return placeholder('?');
  if (typeof value.Ref === 'string') return placeholder(value.Ref);
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return placeholder(getAtt.map(String).join('.'));
  if (typeof getAtt === 'string') return placeholder(getAtt);
  const imported = value['Fn::ImportValue'];
  if (imported !== undefined) return placeholder(`Import:${renderString(imported)}`);
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map(renderString).join(join[0]);
  }
  return placeholder('?');
}

/** Whether a rendered value contains a placeholder for the given logical id (`${Id}` or `${Id.Attr}`). */
export function mentionsResource(rendered: string, logicalId: string): boolean {
  return subPlaceholders(rendered).some((p) => p === logicalId || p.startsWith(`${logicalId}.`));
}

/** `{Ref: AWS::NoValue}`: the property is absent. */
function isNoValue(value: unknown): boolean {
  return isPlainObject(value) && value.Ref === 'AWS::NoValue' && Object.keys(value).length === 1;
}

/**
 * The values a property may take: both branches of an `Fn::If` (nested ones too), without
 * `AWS::NoValue`; any other value is its only possibility.
 */
export function possibleValues(value: unknown): unknown[] {
  const branches = isPlainObject(value) && Object.keys(value).length === 1 ? value['Fn::If'] : undefined;
  if (Array.isArray(branches) && branches.length === 3) {
    return [branches[1], branches[2]].flatMap(possibleValues);
  }
  return isNoValue(value) ? [] : [value];
}
