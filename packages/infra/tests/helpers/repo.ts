import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/infra/tests/helpers/repo.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
