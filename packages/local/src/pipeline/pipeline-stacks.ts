/**
 * The pipeline's four stacks for a stage, read from the templates `sls package` compiles: the
 * infrastructure stack's plan (what the local stack creates and what it exports), and the
 * ingest, transform and compact functions with their event sources, their imports answered by
 * those exports.
 */
import { cloudFormationStackName, type StackId, stackById } from '@event-pipeline/infra';
import { type CompiledStacks, compiledStacks } from '../stack/compiled-templates.js';
import { planStack, type StackPlan } from '../stack/plan.js';
import { planService } from '../stack/service-plan.js';
import type { StackLocation } from '../stack/stack-resolver.js';
import {
  type BucketTrigger,
  kinesisTrigger,
  type ScheduleTrigger,
  type StreamTrigger,
  s3Trigger,
  scheduleTrigger,
} from './triggers.js';

export interface PipelineTriggers {
  ingest: StreamTrigger;
  transform: BucketTrigger;
  compact: ScheduleTrigger;
}

export interface PipelineStacks {
  compiled: CompiledStacks;
  infra: StackPlan;
  /** The three functions and their event sources, with the queues' real URLs once they exist. */
  triggers(queueUrls?: Record<string, string>): PipelineTriggers;
}

export interface PipelineStacksOptions extends StackLocation {
  rootDir: string;
  stage: string;
  /** Where compiled templates are cached (`<rootDir>/.local/templates`). */
  cacheDir?: string;
}

export async function loadPipelineStacks(options: PipelineStacksOptions): Promise<PipelineStacks> {
  const { rootDir, stage, region, accountId, cacheDir } = options;
  const compiled = await compiledStacks({ rootDir, stage, region, ...(cacheDir ? { cacheDir } : {}) });
  const location = { region, accountId };
  const named = (id: StackId) => ({
    stackName: cloudFormationStackName(stackById(id), stage),
    template: compiled.templates[id],
  });
  const infra = planStack(named('infra'), location);
  return {
    compiled,
    infra,
    triggers(queueUrls) {
      const imports = infra.exports(queueUrls);
      const compact = named('compact');
      return {
        ingest: kinesisTrigger(planService(named('ingest'), location, imports)),
        transform: s3Trigger(planService(named('transform'), location, imports)),
        compact: scheduleTrigger(planService(compact, location, imports), compact.template),
      };
    },
  };
}
