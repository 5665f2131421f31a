/** Small assertions over a template's resources that report findings instead of throwing. */
import { isPlainObject } from '@event-pipeline/schema';
import { renderString } from '../intrinsics.js';
import type { CfnTemplate, Finding } from '../template.js';

export function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const key of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
    else value = isPlainObject(value) ? value[key] : undefined;
  }
  return value;
}

function same(actual: unknown, expected: unknown): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected);
}

/** Collects findings about the resources of one stack, by logical id. */
export class TemplateExpectations {
  readonly findings: Finding[] = [];

  constructor(
    private readonly stack: string,
    private readonly template: CfnTemplate,
    private readonly rule: string,
  ) {}

  fail(resource: string, property: string, message: string): void {
    this.findings.push({ stack: this.stack, resource, property, rule: this.rule, message });
  }

  /** The resource, if it exists with the given type (otherwise a finding). */
  resource(id: string, type: string): Record<string, unknown> | undefined {
    const resource = this.template.Resources[id];
    if (!resource) {
      this.fail(id, '', `missing ${type}`);
      return undefined;
    }
    if (resource.Type !== type) {
      this.fail(id, 'Type', `expected ${type}, is ${resource.Type}`);
      return undefined;
    }
    return resource as unknown as Record<string, unknown>;
  }

  /** The resource or undefined, without a finding. */
  resourceOf(id: string): unknown {
    return this.template.Resources[id];
  }

  /** `path` is relative to the resource (e.g. `Properties.ShardCount`, `DeletionPolicy`). */
  equals(id: string, path: string, expected: unknown): void {
    const resource = this.template.Resources[id];
    if (!resource) return;
    const actual = valueAt(resource, path);
    if (!same(actual, expected)) {
      this.fail(
        id,
        path.replace(/^Properties\./, ''),
        `expected ${JSON.stringify(expected)}, is ${JSON.stringify(actual)}`,
      );
    }
  }

  /** Compares the rendered string (intrinsics as `${...}`) of a property. */
  renders(id: string, path: string, expected: string): void {
    const resource = this.template.Resources[id];
    if (!resource) return;
    const actual = renderString(valueAt(resource, path));
    if (actual !== expected) {
      this.fail(id, path.replace(/^Properties\./, ''), `expected ${expected}, is ${actual}`);
    }
  }

  check(id: string, path: string, ok: boolean, message: string): void {
    if (this.template.Resources[id] && !ok) this.fail(id, path.replace(/^Properties\./, ''), message);
  }
}
