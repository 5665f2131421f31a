/**
 * CloudFormation YAML: the short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`, ...) read
 * into their long JSON forms (`{ "Ref": ... }`, `{ "Fn::Sub": ... }`), so the rest of the
 * code only ever sees what `sls package` would put in the template.
 */
import { type CollectionTag, parse, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

type Collection = YAMLMap.Parsed | YAMLSeq.Parsed;

const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'Length',
  'ToJsonString',
] as const;

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    // `!GetAtt Resource.Attribute` (the attribute itself may contain dots).
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function tagsFor(name: string): Array<ScalarTag | CollectionTag> {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => longForm(name, value) },
    {
      tag,
      collection: 'seq',
      resolve: (seq: Collection) => longForm(name, seq.toJSON()),
    },
    {
      tag,
      collection: 'map',
      resolve: (map: Collection) => longForm(name, map.toJSON()),
    },
  ];
}

const CLOUDFORMATION_TAGS = ['Ref', 'Condition', 'GetAtt', ...FUNCTIONS].flatMap(tagsFor);

/** Parses CloudFormation (or serverless.yml) YAML; `source` names the file in errors. */
export function parseCloudFormationYaml(text: string, source: string): unknown {
  try {
    return parse(text, { customTags: CLOUDFORMATION_TAGS, uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    throw new Error(`${source}: not valid CloudFormation YAML: ${(error as Error).message}`);
  }
}
