/** Packages all four stacks of a stage and verifies each template, and how they fit together. */
import { checkCatalog } from './expectations/catalog.js';
import { checkCrossStack } from './expectations/cross-stack.js';
import { checkInfraStack } from './expectations/infra-stack.js';
import { packageStack } from './package-stack.js';
import { loadResourceSpec } from './spec/resource-spec.js';
import { STACKS } from './stacks.js';
import { loadStageParams } from './stage-params.js';
import type { Finding, StackTemplate } from './template.js';
import { verifyTemplate } from './verify.js';

export interface StackVerification {
  templates: StackTemplate[];
  findings: Finding[];
}

/**
 * Verifies already packaged templates (the infrastructure stack first, as in STACKS), as deployed
 * to `region` (the stage's region parameter by default).
 */
export async function verifyTemplates(
  repoRoot: string,
  stage: string,
  templates: readonly StackTemplate[],
  region?: string,
): Promise<Finding[]> {
  const [spec, params] = await Promise.all([loadResourceSpec(), loadStageParams(repoRoot, stage)]);
  const findings = templates.flatMap((t) => verifyTemplate(t, spec));
  const infra = templates.find((t) => t.stack === 'infra');
  if (infra) {
    findings.push(...checkInfraStack(infra.stack, infra.template, params, stage, region));
    findings.push(...checkCatalog(infra.stack, infra.template, params, stage));
    findings.push(
      ...checkCrossStack(
        infra,
        templates.filter((t) => t !== infra),
        params,
      ),
    );
  }
  return findings;
}

/** Packages every stack (concurrently, each in its own copy of the repository) and verifies them. */
export async function packageAndVerify(
  repoRoot: string,
  stage: string,
  region?: string,
): Promise<StackVerification> {
  const templates = await Promise.all(
    STACKS.map((stack) => packageStack({ repoRoot, stack, stage, ...(region ? { region } : {}) })),
  );
  return { templates, findings: await verifyTemplates(repoRoot, stage, templates, region) };
}
