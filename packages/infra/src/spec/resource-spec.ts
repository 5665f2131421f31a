/**
 * The CloudFormation resource specification, as `@aws-cdk/aws-service-spec` ships it: a database of
 * resource types, each with its properties (type, required) and attributes, and the property types
 * (`ref` to a type definition, `array`, `map`, `union` or a primitive) they use.
 */
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

export type { PropertyType, Resource as SpecResource, TypeDefinition as SpecTypeDefinition };

export interface ResourceSpec {
  /** The resource type's definition, or undefined when CloudFormation has no such type. */
  resource(cloudFormationType: string): Resource | undefined;
  /** The type definition a `{type: 'ref'}` property type points at. */
  typeDefinition(type: Extract<PropertyType, { type: 'ref' }>): TypeDefinition;
}

function fromDatabase(db: SpecDatabase): ResourceSpec {
  return {
    resource(cloudFormationType) {
      return db.lookup('resource', 'cloudFormationType', 'equals', cloudFormationType)[0];
    },
    typeDefinition(type) {
      return db.get('typeDefinition', type.reference.$ref) as TypeDefinition;
    },
  };
}

let loading: Promise<ResourceSpec> | undefined;

/** Loads the specification once per process (about 0.5 s: a 2.6 MB gzipped JSON database). */
export function loadResourceSpec(): Promise<ResourceSpec> {
  loading ??= loadAwsServiceSpec().then(fromDatabase);
  return loading;
}
