/**
 * A copy of this service in a temporary tree laid out like the repository (config/, the root
 * tsconfig, the shared Serverless plugins of scripts/, node_modules linked), so a test can run
 * `sls` there without racing another test that runs `sls` in services/ingest itself
 * (serverless-esbuild shares its .esbuild folder).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const REPO_DIR = join(SERVICE_DIR, '..', '..');
const SLS = join(REPO_DIR, 'node_modules', '.bin', 'sls');

export interface ServiceMirror {
  serviceDir: string;
  /** Runs `sls <args>` in the mirrored service; resolves even when it exits non-zero. */
  sls(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

export async function mirrorService(): Promise<ServiceMirror> {
  const root = await mkdtemp(join(tmpdir(), 'ingest-sls-'));
  const serviceDir = join(root, 'services', 'ingest');
  await mkdir(serviceDir, { recursive: true });
  for (const entry of ['serverless.yml', 'package.json', 'src', 'fixtures']) {
    await cp(join(SERVICE_DIR, entry), join(serviceDir, entry), { recursive: true });
  }
  await mkdir(join(root, 'scripts'));
  for (const entry of [
    'config',
    'tsconfig.json',
    'tsconfig.base.json',
    'package.json',
    'scripts/sls-local-stack.cjs',
    'scripts/prune-default-role.cjs',
    'scripts/deployment-bucket-tls.cjs',
  ]) {
    await cp(join(REPO_DIR, entry), join(root, entry), { recursive: true });
  }
  await symlink(join(REPO_DIR, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    serviceDir,
    sls: (args, env) =>
      new Promise((resolve) => {
        execFile(SLS, args, { cwd: serviceDir, env, timeout: 120_000 }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        });
      }),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * An environment with no AWS credentials anywhere: no key variables, no profile, and the
 * shared config and credentials files pointed at nothing.
 */
export function credentialFreeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('AWS_')) env[name] = value;
  }
  return {
    ...env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_CONFIG_FILE: '/nonexistent/config',
    ...extra,
  };
}
