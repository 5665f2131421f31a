/**
 * What a tool's `--help` says about permissions on a deployed stage: the managed policy the
 * infrastructure stack exports for exactly the operations tools' calls (resources/operator.yml).
 */
export const OPERATOR_POLICY_HELP =
  '\nOn a deployed stage, attach the managed policy its infrastructure stack exports as\n' +
  '<app>-<stage>-OperatorPolicyArn (e.g. event-pipeline-prod-OperatorPolicyArn) to whoever runs this:\n' +
  'it grants exactly the calls of produce, redrive, replay, compact, status and remove.';
