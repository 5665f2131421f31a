import { fileURLToPath } from 'node:url';

/** The repository's root: its config/stages.yml, services/ and resources/ are what the model reads. */
export const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
