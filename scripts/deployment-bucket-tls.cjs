'use strict';
/**
 * Serverless plugin listed by every stack: the framework's own deployment bucket gets the TLS 1.2
 * floor the data buckets have. Its bucket policy (ServerlessDeploymentBucketPolicy) only denies
 * requests without TLS; this adds a Deny of requests whose `s3:TlsVersion` is below 1.2, on the
 * same resources. AWS endpoints refuse older TLS anyway: the statement makes it explicit and checkable.
 */

const SID = 'DenyOutdatedTls';

/**
 * Adds the statement to `policyId`'s document in `template`, once (a second run changes nothing).
 * Returns whether it added it; false if the policy is not there (e.g. `skipPolicySetup`).
 */
function denyOutdatedTls(template, policyId) {
  const policy = template.Resources?.[policyId];
  const document = policy?.Properties?.PolicyDocument;
  if (!document || !Array.isArray(document.Statement)) return false;
  if (document.Statement.some((statement) => statement.Sid === SID)) return false;
  const transport = document.Statement.find(
    (statement) =>
      statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] !== undefined,
  );
  if (!transport) return false;
  document.Statement.push({
    Sid: SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: transport.Resource,
    Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
  });
  return true;
}

class DeploymentBucketTls {
  constructor(serverless) {
    this.hooks = {
      'before:package:finalize': () => {
        const template = serverless.service.provider.compiledCloudFormationTemplate;
        const policyId = serverless.getProvider('aws').naming.getDeploymentBucketPolicyLogicalId();
        denyOutdatedTls(template, policyId);
      },
    };
  }
}

module.exports = DeploymentBucketTls;
module.exports.denyOutdatedTls = denyOutdatedTls;
