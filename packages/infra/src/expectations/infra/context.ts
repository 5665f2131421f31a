/** What each check of the infrastructure stack works with: the template, the stage and its parameters. */
import type { StageParams } from '../../stage-params.js';
import type { CfnTemplate } from '../../template.js';
import type { TemplateExpectations } from '../expect.js';

export interface InfraContext {
  e: TemplateExpectations;
  template: CfnTemplate;
  params: StageParams;
  stage: string;
  /** The region the stack is deployed to (conditions such as replication depend on it). */
  region: string;
  /** `<app>-<stage>`: what every name of the stage starts with. */
  prefix: string;
  /** `<app>-<stage>-<role>`: a resource's deterministic name. */
  name(role: string): string;
}

export type InfraCheck = (context: InfraContext) => void;
