'use strict';
/**
 * Serverless plugin shared by both Lambda services: removes the provider-wide Lambda role
 * (`IamRoleLambdaExecution`) once every function has its own. serverless-iam-roles-per-function
 * builds each function's role from a copy of that default role and then leaves the original in
 * the template, unused but still granting log, stream and queue access. List it after that
 * plugin, so that it runs after it on the same hook.
 */

/**
 * Deletes resource `roleId` from `template` unless anything else mentions it (Ref, GetAtt,
 * Sub, DependsOn, outputs: any whole-word occurrence counts, to err on keeping it).
 * Returns whether it was deleted.
 */
function pruneUnusedRole(template, roleId) {
  const { [roleId]: role, ...others } = template.Resources ?? {};
  if (role === undefined) return false;
  const mention = new RegExp(`(^|[^A-Za-z0-9])${roleId}([^A-Za-z0-9]|$)`);
  if (mention.test(JSON.stringify({ ...template, Resources: others }))) return false;
  delete template.Resources[roleId];
  return true;
}

class PruneDefaultRole {
  constructor(serverless, _options, utils) {
    this.hooks = {
      'before:package:finalize': () => {
        const template = serverless.service.provider.compiledCloudFormationTemplate;
        const roleId = serverless.getProvider('aws').naming.getRoleLogicalId();
        if (pruneUnusedRole(template, roleId))
          utils?.log?.info?.(`removed the unused default role ${roleId}`);
      },
    };
  }
}

module.exports = PruneDefaultRole;
module.exports.pruneUnusedRole = pruneUnusedRole;
