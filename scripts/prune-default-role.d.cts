/** Types of scripts/prune-default-role.cjs, for its tests (the plugin itself is CommonJS for osls). */
declare class PruneDefaultRole {
  constructor(serverless: unknown, options?: unknown, utils?: unknown);
  hooks: Record<'before:package:finalize', () => void>;
}

declare namespace PruneDefaultRole {
  function pruneUnusedRole(template: { Resources?: Record<string, unknown> }, roleId: string): boolean;
}

export = PruneDefaultRole;
