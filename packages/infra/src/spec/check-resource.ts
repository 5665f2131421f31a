/**
 * Checks one template resource against the CloudFormation resource specification: the type exists,
 * every property (at every depth) is one the type defines, required properties are present, and
 * literal values have the right primitive type (and one of the allowed values, where the spec lists
 * them). Values computed by intrinsic functions are only known at deploy time and are not type-checked,
 * except `Fn::If`, whose branches are.
 */
import { isPlainObject } from '@event-pipeline/schema';
import { isIntrinsic, possibleValues } from '../intrinsics.js';
import { type CfnResource, type Finding, isCustomResource } from '../template.js';
import type { PropertyType, ResourceSpec } from './resource-spec.js';

const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);

interface Problem {
  path: string;
  message: string;
}

/** Levenshtein distance, for "did you mean" hints on misspelled property names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** A near miss: a few edits away, or a truncation/extension of the known name. */
function isNearMiss(name: string, known: string, editDistance: number): boolean {
  const [a, b] = [name.toLowerCase(), known.toLowerCase()];
  const truncated = Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a));
  return truncated || editDistance <= Math.max(2, Math.floor(name.length / 4));
}

function unknownPropertyMessage(name: string, known: string[], owner: string): string {
  const closest = known
    .map((k) => ({ k, d: distance(name, k) }))
    .filter(({ k, d }) => isNearMiss(name, k, d))
    .sort((x, y) => x.d - y.d)[0];
  const hint = closest ? `; did you mean ${closest.k}?` : '';
  return `unknown property ${name} of ${owner}${hint}`;
}

function describe(type: PropertyType, spec: ResourceSpec): string {
  switch (type.type) {
    case 'ref':
      return spec.typeDefinition(type).name;
    case 'array':
      return `list of ${describe(type.element, spec)}`;
    case 'map':
      return `map of ${describe(type.element, spec)}`;
    case 'union':
      return type.types.map((t) => describe(t, spec)).join(' or ');
    default:
      return type.type;
  }
}

const NUMERIC = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** CloudFormation converts between these the way cfn-lint's non-strict mode accepts them. */
function checkPrimitive(value: unknown, type: PropertyType, path: string): Problem[] {
  const wrong = (): Problem[] => [
    { path, message: `expected ${type.type}, got ${JSON.stringify(value)} (${typeof value})` },
  ];
  switch (type.type) {
    case 'string': {
      if (typeof value === 'number' || typeof value === 'boolean') return [];
      if (typeof value !== 'string') return wrong();
      if (type.allowedValues && !type.allowedValues.includes(value)) {
        return [{ path, message: `${JSON.stringify(value)} is not one of ${type.allowedValues.join(', ')}` }];
      }
      return [];
    }
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && NUMERIC.test(value)) ? [] : wrong();
    case 'integer': {
      const n = typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return wrong();
      if (type.allowedValues && !type.allowedValues.includes(n)) {
        return [{ path, message: `${n} is not one of ${type.allowedValues.join(', ')}` }];
      }
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : wrong();
    case 'json':
      return isPlainObject(value) || Array.isArray(value) || typeof value === 'string' ? [] : wrong();
    case 'date-time':
      return typeof value === 'string' ? [] : wrong();
    case 'null':
      return value === null ? [] : wrong();
    case 'tag':
      if (!isPlainObject(value)) return wrong();
      return ['Key', 'Value']
        .filter((k) => !(k in value))
        .map((k) => ({ path, message: `tag is missing required property ${k}` }));
    default:
      return [];
  }
}

function checkObject(
  value: Record<string, unknown>,
  properties: Record<string, { type: PropertyType; required?: boolean }>,
  owner: string,
  path: string,
  spec: ResourceSpec,
): Problem[] {
  const problems: Problem[] = [];
  const known = Object.keys(properties);
  const at = (name: string) => (path ? `${path}.${name}` : name);
  for (const [name, child] of Object.entries(value)) {
    const definition = properties[name];
    if (!definition) {
      problems.push({ path: at(name), message: unknownPropertyMessage(name, known, owner) });
      continue;
    }
    problems.push(...checkValue(child, definition.type, at(name), spec));
  }
  for (const [name, definition] of Object.entries(properties)) {
    if (definition.required && !(name in value)) {
      problems.push({ path: at(name), message: `required property ${name} of ${owner} is missing` });
    }
  }
  return problems;
}

function isStructured(type: PropertyType): boolean {
  return type.type === 'ref' || type.type === 'array' || type.type === 'map';
}

function shapeMatches(value: unknown, type: PropertyType): boolean {
  return type.type === 'array' ? Array.isArray(value) : isPlainObject(value);
}

function checkValue(value: unknown, type: PropertyType, path: string, spec: ResourceSpec): Problem[] {
  // Both branches of a condition are checked: either may be what CloudFormation receives.
  const branches = possibleValues(value);
  if (branches.length !== 1 || branches[0] !== value) {
    return branches.flatMap((branch) => checkValue(branch, type, path, spec));
  }
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'ref': {
      const definition = spec.typeDefinition(type);
      if (!isPlainObject(value)) {
        return [{ path, message: `expected a ${definition.name} object, got ${JSON.stringify(value)}` }];
      }
      return checkObject(value, definition.properties, definition.name, path, spec);
    }
    case 'array':
      if (!Array.isArray(value)) {
        return [{ path, message: `expected a ${describe(type, spec)}, got ${JSON.stringify(value)}` }];
      }
      return value.flatMap((item, i) => checkValue(item, type.element, `${path}[${i}]`, spec));
    case 'map':
      if (!isPlainObject(value)) {
        return [{ path, message: `expected a ${describe(type, spec)}, got ${JSON.stringify(value)}` }];
      }
      return Object.entries(value).flatMap(([k, v]) => checkValue(v, type.element, `${path}.${k}`, spec));
    case 'union': {
      // A structured alternative of the value's shape wins over `json`, which would accept anything
      // (e.g. DynamoDB KeySchema: list of KeySchema or json); among those, the best fit is reported.
      const structured = type.types.filter((t) => isStructured(t) && shapeMatches(value, t));
      const candidates = structured.length > 0 ? structured : type.types;
      let best: Problem[] | undefined;
      for (const alternative of candidates) {
        const problems = checkValue(value, alternative, path, spec);
        if (problems.length === 0) return [];
        if (!best || problems.length < best.length) best = problems;
      }
      return best ?? [];
    }
    default:
      return checkPrimitive(value, type, path);
  }
}

/** Findings for one resource of a template against the specification. */
export function checkResourceAgainstSpec(
  stack: string,
  logicalId: string,
  resource: CfnResource,
  spec: ResourceSpec,
): Finding[] {
  const finding = (property: string, message: string): Finding => ({
    stack,
    resource: logicalId,
    property,
    rule: 'cfn-spec',
    message,
  });
  const findings: Finding[] = [];
  for (const attribute of Object.keys(resource)) {
    // `Version` is a legacy attribute of custom resources (Serverless still writes it for Custom::S3).
    const legacy = attribute === 'Version' && isCustomResource(resource.Type);
    if (!RESOURCE_ATTRIBUTES.has(attribute) && !legacy) {
      findings.push(finding(attribute, `unknown resource attribute ${attribute}`));
    }
  }
  for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    const value = resource[policy];
    if (value !== undefined && !(typeof value === 'string' && DELETION_POLICIES.has(value))) {
      findings.push(finding(policy, `${JSON.stringify(value)} is not a ${policy}`));
    }
  }
  const properties = resource.Properties ?? {};
  if (!isPlainObject(properties)) return [...findings, finding('Properties', 'Properties must be an object')];

  // Custom resources take any properties; CloudFormation needs only the provider's ServiceToken.
  if (isCustomResource(resource.Type)) {
    if (!('ServiceToken' in properties)) {
      findings.push(
        finding('ServiceToken', 'required property ServiceToken of a custom resource is missing'),
      );
    }
    return findings;
  }
  const definition = spec.resource(resource.Type);
  if (!definition) {
    return [...findings, finding('Type', `unknown resource type ${resource.Type}`)];
  }
  const problems = checkObject(properties, definition.properties, resource.Type, '', spec);
  return [...findings, ...problems.map((p) => finding(p.path, p.message))];
}
