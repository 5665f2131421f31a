export { parseCloudFormationYaml } from './cloudformation-yaml.js';
export { type ConditionContext, evaluateCondition } from './conditions.js';
export { type AwsIdentity, CredentialsError, resolveAwsIdentity } from './deploy/credentials.js';
export { emptyBucket } from './deploy/empty-bucket.js';
export {
  runStackCommand,
  StackCommandError,
  type StackCommandOptions,
  type StackRunner,
} from './deploy/run-stacks.js';
export { readStackOutputs } from './deploy/stack-outputs.js';
export { checkCatalog } from './expectations/catalog.js';
export { checkCrossStack } from './expectations/cross-stack.js';
export { CONTRACT_EXPORTS, checkInfraStack } from './expectations/infra-stack.js';
export { type PackageOptions, packageStack } from './package-stack.js';
export {
  isUnscopedResource,
  type Rule,
  SECURITY_RULES,
  UNSCOPED_ACTIONS,
  type V8HeapSizes,
  v8HeapSizes,
} from './rules/index.js';
export { runSls } from './serverless-cli.js';
export { checkReferences } from './spec/check-references.js';
export { checkResourceAgainstSpec } from './spec/check-resource.js';
export { loadResourceSpec, type ResourceSpec } from './spec/resource-spec.js';
export {
  cloudFormationStackName,
  STACKS,
  type StackCommand,
  type StackDefinition,
  type StackId,
  stackById,
  stacksFor,
} from './stacks.js';
export {
  booleanParam,
  loadStageParams,
  numberParam,
  resolveStageParams,
  STAGES_FILE,
  type StageParams,
  stringParam,
} from './stage-params.js';
export type { CfnResource, CfnTemplate, Finding, StackTemplate } from './template.js';
export { formatFinding } from './template.js';
export { verifyTemplate } from './verify.js';
export { packageAndVerify, type StackVerification, verifyTemplates } from './verify-stacks.js';
