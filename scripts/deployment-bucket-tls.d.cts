/** Types of scripts/deployment-bucket-tls.cjs, for its tests (the plugin itself is CommonJS for osls). */
declare class DeploymentBucketTls {
  constructor(serverless: unknown, options?: unknown, utils?: unknown);
  hooks: Record<'before:package:finalize', () => void>;
}

declare namespace DeploymentBucketTls {
  function denyOutdatedTls(template: { Resources?: Record<string, unknown> }, policyId: string): boolean;
}

export = DeploymentBucketTls;
