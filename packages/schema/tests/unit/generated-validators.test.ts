import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderValidators } from '../../src/compile.js';

describe('generated validators', () => {
  it('are up to date with the schemas (run `npm run generate` after changing src/schemas.ts)', () => {
    const committed = readFileSync(new URL('../../src/generated/validators.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderValidators());
  });

  it('compile nothing at load time: no ajv compiler import, only its tiny runtime helpers', () => {
    const committed = readFileSync(new URL('../../src/generated/validators.ts', import.meta.url), 'utf8');
    const imports = committed.match(/^import .+$/gm) ?? [];
    for (const line of imports)
      expect(line).toMatch(
        /from '(\.\.\/formats\.js|\.\.\/code-points\.js|ajv\/dist\/runtime\/[a-z0-9]+\.js)'/,
      );
    expect(committed).not.toContain('require(');
  });
});
