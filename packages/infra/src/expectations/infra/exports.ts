import { renderString } from '../../intrinsics.js';
import type { InfraContext } from './context.js';

/**
 * docs/stack-contract.md: exported as `<app>-<stage>-<Name>`. The services import most of them;
 * OperatorPolicyArn is for the people who run the operations tools.
 */
export const CONTRACT_EXPORTS = [
  'StreamName',
  'StreamArn',
  'RawBucketName',
  'RawBucketArn',
  'ProcessedBucketName',
  'ProcessedBucketArn',
  'LedgerTableName',
  'LedgerTableArn',
  'IngestDlqArn',
  'IngestDlqUrl',
  'TransformDlqArn',
  'TransformDlqUrl',
  'AlarmTopicArn',
  'OperatorPolicyArn',
] as const;

export function checkExports({ e, template, name }: InfraContext): void {
  for (const exportName of CONTRACT_EXPORTS) {
    const output = template.Outputs?.[exportName];
    const actual = output?.Export ? renderString(output.Export.Name) : undefined;
    if (actual !== name(exportName)) {
      e.fail(
        `Outputs.${exportName}`,
        'Export.Name',
        `expected export ${name(exportName)}, is ${actual ?? 'missing'}`,
      );
    }
  }
}
