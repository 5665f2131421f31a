/**
 * What the repository's scripts start with: the repository root (the scripts' parent folder),
 * and the AWS SDK's warning about the Node.js version off unless the environment says otherwise.
 */
import { resolve } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ROOT = resolve(import.meta.dirname, '..');
