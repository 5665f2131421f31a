/**
 * Packages, deploys, removes or verifies the four stacks of a stage, in order: the infrastructure
 * stack first, then ingest and transform (which import its outputs); removal in reverse.
 *
 *   npm run package                       # all four templates, offline, no credentials needed
 *   npm run deploy -- --stage prod        # needs AWS credentials
 *   npm run remove -- --stage dev
 *   npx tsx scripts/stacks.ts verify --stage prod
 */
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { OPERATOR_POLICY_HELP, parseStage } from '@event-pipeline/cli';
import {
  CredentialsError,
  emptyBucket,
  formatFinding,
  loadStageParams,
  packageAndVerify,
  readStackOutputs,
  resolveAwsIdentity,
  runSls,
  runStackCommand,
  type StackCommand,
  StackCommandError,
  type StackRunner,
  stringParam,
} from '@event-pipeline/infra';
import { Command } from 'commander';
import { ROOT } from './repository.js';

interface CliOptions {
  stage: string;
  region?: string;
}

function cloudRunner(region: string): StackRunner {
  return {
    sls: async (stack, args) =>
      (await runSls(args, { cwd: join(ROOT, stack.dir), repoRoot: ROOT, inheritOutput: true })).code,
    identity: () => resolveAwsIdentity(new STSClient({ region })),
    stackOutputs: (name) => readStackOutputs(new CloudFormationClient({ region }), name),
    emptyBucket: (bucket) => emptyBucket(new S3Client({ region }), bucket),
    log: (line) => console.log(line),
  };
}

async function run(command: StackCommand, options: CliOptions): Promise<void> {
  const params = await loadStageParams(ROOT, options.stage);
  const region = options.region ?? stringParam(params, 'region');
  await runStackCommand({ command, stage: options.stage, region, params }, cloudRunner(region));
}

async function verify(options: CliOptions): Promise<void> {
  const { templates, findings } = await packageAndVerify(ROOT, options.stage, options.region);
  for (const { stack, template } of templates) {
    console.log(`${stack}: ${Object.keys(template.Resources).length} resources`);
  }
  for (const finding of findings) console.error(formatFinding(finding));
  if (findings.length > 0) throw new StackCommandError(`${findings.length} findings`);
  console.log('All templates pass the resource specification and the security rules.');
}

const program = new Command('stacks')
  .description(
    'Package, deploy, remove or verify the infrastructure, ingest and transform stacks of one stage.',
  )
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Examples:
  npm run package                          package the dev stage's four stacks
  npm run deploy -- --stage prod           deploy prod (AWS credentials from the default chain)
  npm run remove -- --stage dev            remove dev
  npx tsx scripts/stacks.ts verify --stage prod

remove: ${OPERATOR_POLICY_HELP.trim()} deploy needs CloudFormation and IAM rights beyond it.`,
  );

const descriptions: Record<StackCommand | 'verify', string> = {
  package: "package all four stacks (offline, no AWS credentials) into each stack's .serverless/",
  deploy: 'deploy infrastructure, then ingest, then transform (checks AWS credentials first)',
  remove:
    'remove transform, then ingest, then infrastructure (empties the data buckets unless the stage retains them)',
  verify:
    'package all four stacks into temporary copies and check their templates (spec, security, contract)',
};

for (const name of ['package', 'deploy', 'remove', 'verify'] as const) {
  program
    .command(name)
    .description(descriptions[name])
    .option(
      '-s, --stage <stage>',
      'stage (parameters from config/stages.yml; unknown stages use the defaults)',
      parseStage,
      'dev',
    )
    .option('-r, --region <region>', "AWS region (default: the stage's region parameter)")
    .action((options: CliOptions) => (name === 'verify' ? verify(options) : run(name, options)));
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CredentialsError || error instanceof StackCommandError) {
    console.error(`\n${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
