/**
 * A function that sizes V8's heap in NODE_OPTIONS sizes it whole, within its memory. Lambda's
 * Node.js bootstrap sizes both generations from MemorySize only when NODE_OPTIONS names neither;
 * naming one leaves the other to V8's own default, which knows nothing of the function's memory.
 */
import { isPlainObject } from '@event-pipeline/schema';
import type { CfnTemplate, Finding } from '../template.js';
import { resourcesOfType } from '../template.js';
import { findingsFor, type Rule } from './rule.js';

export interface V8HeapSizes {
  semiSpaceMb?: number;
  oldSpaceMb?: number;
}

/** V8 takes `_` and `-` alike, and a value after `=` or a space. */
const sizeFlag = (name: string) => new RegExp(`--max[-_]${name}[-_]space[-_]size[= ](\\d+)`);
const SEMI_SPACE = sizeFlag('semi');
const OLD_SPACE = sizeFlag('old');
/** V8's young generation is three semi-spaces: the two it copies between and the large-object one. */
const SEMI_SPACES_PER_YOUNG_GENERATION = 3;
/** Lambda's default when a function states none. */
const DEFAULT_MEMORY_MB = 128;

/** The heap sizes a NODE_OPTIONS names, in MB. */
export function v8HeapSizes(nodeOptions: string): V8HeapSizes {
  const semi = SEMI_SPACE.exec(nodeOptions);
  const old = OLD_SPACE.exec(nodeOptions);
  return {
    ...(semi ? { semiSpaceMb: Number(semi[1]) } : {}),
    ...(old ? { oldSpaceMb: Number(old[1]) } : {}),
  };
}

function nodeOptionsOf(properties: Record<string, unknown>): unknown {
  const { Environment } = properties;
  return isPlainObject(Environment) && isPlainObject(Environment.Variables)
    ? Environment.Variables.NODE_OPTIONS
    : undefined;
}

export const functionHeapFitsMemory: Rule = (stack: string, template: CfnTemplate): Finding[] => {
  const finding = findingsFor(stack, 'function-heap');
  const property = 'Environment.Variables.NODE_OPTIONS';
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([id, resource]): Finding[] => {
    const properties = resource.Properties ?? {};
    const nodeOptions = nodeOptionsOf(properties);
    if (typeof nodeOptions !== 'string') return [];
    const { semiSpaceMb, oldSpaceMb } = v8HeapSizes(nodeOptions);
    if (semiSpaceMb === undefined && oldSpaceMb === undefined) return [];
    if (semiSpaceMb === undefined || oldSpaceMb === undefined) {
      const [named, unnamed] = semiSpaceMb === undefined ? ['old', 'semi'] : ['semi', 'old'];
      return [
        finding(
          id,
          property,
          `NODE_OPTIONS sets --max-${named}-space-size but not --max-${unnamed}-space-size: Lambda then sizes neither, and V8's default for the other ignores the function's memory`,
        ),
      ];
    }
    const memory = properties.MemorySize ?? DEFAULT_MEMORY_MB;
    if (typeof memory !== 'number') return [];
    const heap = SEMI_SPACES_PER_YOUNG_GENERATION * semiSpaceMb + oldSpaceMb;
    return heap <= memory
      ? []
      : [
          finding(
            id,
            property,
            `V8's heap (young ${SEMI_SPACES_PER_YOUNG_GENERATION} x ${semiSpaceMb} MB + old ${oldSpaceMb} MB = ${heap} MB) is larger than the function's ${memory} MB`,
          ),
        ];
  });
};
