/**
 * `npm run status -- [--stage <stage>] [--region <r>] [--json]`: what the pipeline is doing now
 * and whether something needs attention (docs/architecture.md §11), for the running local stack
 * (.local/stack.json) by default or a deployed stage. Exit status 1 when something needs
 * attention, so that a script can run it.
 */
import {
  addTargetOptions,
  runMain,
  type TargetFlags,
  targetFromFlags,
  toolCommand,
} from '@event-pipeline/cli';
import {
  assess,
  checkLocalStack,
  gatherStatus,
  statusJson,
  statusReport,
  statusSources,
} from '@event-pipeline/status';
import { ROOT } from './repository.js';

interface StatusFlags extends TargetFlags {
  json?: boolean;
}

const START_LOCAL = 'npm start -- --duration 0 --keep-alive';

const program = toolCommand('npm run status --')
  .description(
    'What the pipeline is doing now, and whether something needs attention: per shard, the last batch the ' +
      'ledger recorded and how far the ledger is behind the stream; the dead-letter queues; records ' +
      'quarantined in the last hour by reason; partitions waiting for compaction; on a deployed stage, the ' +
      "alarms in ALARM and the ingest function's iterator age (CloudWatch, which the local stack lacks).",
  )
  .option('--json', 'print the same facts, and what needs attention, as one JSON object');
addTargetOptions(program).addHelpText(
  'after',
  `
Exit status: 0 when nothing needs attention; 1 when something does (a dead-letter queue that is not
empty, an alarm in ALARM, a shard behind by more than the stage's alarmIteratorAgeThresholdMs in
config/stages.yml, a part that could not be read); 2 for a usage error or no stack to read.

Behind: the age of the oldest record of a shard that no ledger batch covers yet, 0 when the ledger
has recorded everything up to the stream's tip (Lambda's IteratorAge plus the batch in flight).
Quarantined: records from the ingest ledger's batches of the hour (exact); by reason, the objects
written in the hour under quarantine/reason=<code>/ of both buckets (listings only: status never
reads quarantined records).

A deployed stage needs the operator policy its infrastructure stack exports as
<app>-<stage>-OperatorPolicyArn (e.g. event-pipeline-prod-OperatorPolicyArn): attach it to whoever
runs this. The local stack needs nothing: start it first with \`${START_LOCAL}\`.

Examples:
  npm run status                      # the local stack
  npm run status -- --json            # the same, as JSON
  npm run status -- --stage prod      # a deployed stage, in its region
`,
);

async function main(): Promise<number> {
  const flags = program.parse().opts<StatusFlags>();
  if (flags.region !== undefined && flags.stage === undefined)
    throw new Error('--region needs --stage (the local stack has its own region)');
  const deployed = flags.stage !== undefined;
  // Progress goes to stderr: stdout is the report (or the JSON) alone.
  const target = await targetFromFlags(ROOT, flags, (line) => console.error(line));
  try {
    if (!deployed) await checkLocalStack(target, target.description, START_LOCAL);
    const stack = await statusSources({
      rootDir: ROOT,
      target,
      deployed,
      onPackaging: () => console.error("Packaging the stacks' templates (once; cached afterwards) ..."),
    });
    try {
      const facts = await gatherStatus(stack.sources);
      const attention = assess(facts);
      console.log(flags.json ? statusJson(facts, attention) : statusReport(facts, attention));
      return attention.length > 0 ? 1 : 0;
    } finally {
      stack.destroy();
    }
  } finally {
    target.destroy();
  }
}

runMain('status', main);
