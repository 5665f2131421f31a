'use strict';
/**
 * Serverless plugin shared by both Lambda services: `sls invoke local` against the local
 * pipeline instead of AWS. Every other command is left untouched.
 *
 * Each value the invocation needs comes from the shell when it is set there, else from the
 * stack file the local pipeline writes once it is ready (docs/architecture.md §7; `$LOCAL_STACK_FILE`,
 * default `<repo>/.local/stack.json`); with neither, the command fails naming what is missing.
 *  - The function environment's `Fn::ImportValue` entries (`RAW_BUCKET`, `PROCESSED_BUCKET`,
 *    `LEDGER_TABLE`, ...), which osls would otherwise look up in CloudFormation: a variable of
 *    the same name in the shell, else the stack file's value for that export
 *    (`<app>-<stage>-<Name>`, docs/stack-contract.md). This happens at `initialize`: osls
 *    resolves the environment in its own `before:invoke:local:loadEnvVars` hook, which runs
 *    before any service plugin's hook of that name.
 *  - The AWS target: the shell's own when it sets an `AWS_ENDPOINT_URL*` (its credentials and
 *    region included), else the stack file's endpoints (`AWS_ENDPOINT_URL_<SERVICE>`),
 *    credentials and region, whole (a profile or session token from the shell is dropped).
 *    It is set again on `before:invoke:local:invoke`, after osls has written its Lambda
 *    defaults (the provider's region, the credentials it found) into process.env.
 *  - The serverless-esbuild bundle: osls loads a handler with require() and only falls back to
 *    `<handler>.cjs`, never `.mjs`, so a `<handler>.cjs` that imports the ESM bundle is written
 *    next to it, and removed afterwards (`sls package` reuses the bundle folder and would ship
 *    it). List this plugin after serverless-esbuild, whose hook of the same name builds the bundle.
 */
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_STACK_FILE = path.resolve(__dirname, '..', '.local', 'stack.json');
const START_COMMAND = '`npm start -- --duration 0 --keep-alive`';

/** Export name suffix (`<app>-<stage>-<Name>`) -> the stack file field holding its local value. */
const EXPORT_FIELDS = {
  StreamName: 'stream',
  RawBucketName: 'rawBucket',
  ProcessedBucketName: 'processedBucket',
  LedgerTableName: 'table',
  IngestDlqUrl: 'dlq.ingest',
  TransformDlqUrl: 'dlq.transform',
};

/** Static emulator keys only: any of these from the shell would be used instead. */
const SHELL_CREDENTIAL_SOURCES = ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

/** Written first in the CommonJS loader, so that a leftover one is recognised as ours. */
const LOADER_MARKER = '// Written by scripts/sls-local-stack.cjs';

const fieldOf = (stack, field) => field.split('.').reduce((value, key) => value?.[key], stack);

const importedName = (value) =>
  value !== null && typeof value === 'object' && typeof value['Fn::ImportValue'] === 'string'
    ? value['Fn::ImportValue']
    : undefined;

/** The stack file's path: `$LOCAL_STACK_FILE` (relative to the working directory), else the repo's. */
function stackFilePath(env) {
  return env.LOCAL_STACK_FILE ? path.resolve(env.LOCAL_STACK_FILE) : DEFAULT_STACK_FILE;
}

/** The parsed stack file, or undefined when there is none. Throws on one that is not JSON. */
function readStackFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the local stack file ${file} is not valid JSON (${error.message})`);
  }
}

/**
 * What `sls invoke local` needs, each from `env` (the shell) when set there, else from `stack`
 * (the parsed stack file, or undefined):
 *  - `resolved`: the new value of each `Fn::ImportValue` entry of `environments`, by variable;
 *  - `sources`: where each resolved value came from ('shell' or 'stack file');
 *  - `target`: the AWS variables to set in process.env, and `targetSource` ('shell' or 'stack file');
 *  - `missing`: what neither answers, as `{ variable, field }` (`field`: the stack file's, if any).
 */
function localEnvironment(environments, env, stack) {
  const resolved = {};
  const sources = {};
  const missing = [];
  for (const environment of environments) {
    for (const [variable, value] of Object.entries(environment ?? {})) {
      const exported = importedName(value);
      if (exported === undefined) continue;
      const field = EXPORT_FIELDS[exported.slice(exported.lastIndexOf('-') + 1)];
      const local = field === undefined ? undefined : fieldOf(stack, field);
      if (env[variable]) {
        resolved[variable] = env[variable];
        sources[variable] = 'shell';
      } else if (typeof local === 'string' && local !== '') {
        resolved[variable] = local;
        sources[variable] = 'stack file';
      } else {
        missing.push({ variable, field: field ?? `value for the export ${exported}` });
      }
    }
  }

  const shellEndpoints = Object.keys(env).filter((name) => name.startsWith('AWS_ENDPOINT_URL') && env[name]);
  const target = {};
  let targetSource;
  if (shellEndpoints.length > 0) {
    targetSource = 'shell';
    // osls overwrites the region with the provider's: the shell's is put back.
    const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
    if (region) Object.assign(target, { AWS_REGION: region, AWS_DEFAULT_REGION: region });
  } else if (stack === undefined) {
    missing.push({ variable: 'AWS_ENDPOINT_URL_<SERVICE>', field: 'endpoints' });
  } else {
    targetSource = 'stack file';
    const endpoints = Object.entries(stack.endpoints ?? {}).filter(([, url]) => url);
    if (endpoints.length === 0) missing.push({ variable: 'AWS_ENDPOINT_URL_<SERVICE>', field: 'endpoints' });
    for (const [service, url] of endpoints) target[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] = url;
    const { accessKeyId, secretAccessKey } = stack.credentials ?? {};
    if (!accessKeyId || !secretAccessKey)
      missing.push({ variable: 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY', field: 'credentials' });
    Object.assign(target, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey });
    if (!stack.region) missing.push({ variable: 'AWS_REGION', field: 'region' });
    Object.assign(target, { AWS_REGION: stack.region, AWS_DEFAULT_REGION: stack.region });
  }
  return { resolved, sources, target, targetSource, missing };
}

/**
 * The error message for what neither the shell nor the stack file (`stack`, at `file`) provides;
 * `unreadable`: why the stack file could not be read, if it could not.
 */
function missingMessage(missing, stack, file, unreadable) {
  const variables = missing.map((entry) => entry.variable).join(', ');
  if (unreadable !== undefined) {
    return (
      `invoke local needs ${variables}, which the shell does not set, and ${unreadable}. ` +
      `Restart the local pipeline: ${START_COMMAND} (or set the variables).`
    );
  }
  if (stack === undefined) {
    return (
      `invoke local needs ${variables}, which the shell does not set, and there is no local stack file at ${file}. ` +
      `Start the local pipeline first: ${START_COMMAND} (or set the variables).`
    );
  }
  const lacking = missing.map((entry) => `${entry.variable}: no ${entry.field}`).join('; ');
  return (
    `invoke local needs ${variables}, which neither the shell sets nor the local stack file ${file} holds (${lacking}). ` +
    `Restart the local pipeline: ${START_COMMAND} (or set the variables).`
  );
}

/** A CommonJS module exporting `handlerName`, which imports the ESM bundle `bundleFile` on first call. */
function esmLoader(bundleFile, handlerName) {
  const bundle = JSON.stringify(`./${path.basename(bundleFile)}`);
  const name = JSON.stringify(handlerName);
  return [
    `${LOADER_MARKER} for \`sls invoke local\`: osls require()s handlers and cannot resolve .mjs.`,
    `exports[${name}] = async (event, context) => (await import(${bundle}))[${name}](event, context);`,
    '',
  ].join('\n');
}

class SlsLocalStack {
  constructor(serverless, options, utils) {
    this.serverless = serverless;
    this.options = options || {};
    this.log = utils?.log;
    this.hooks = {
      initialize: () => {
        if (this.isInvokeLocal()) this.retarget();
      },
      'before:invoke:local:invoke': () => {
        this.setProcessEnv();
        this.writeEsmLoader();
      },
      'after:invoke:local:invoke': () => this.removeEsmLoader(),
    };
  }

  isInvokeLocal() {
    const [command, subcommand] = this.serverless.processedInput?.commands ?? [];
    return command === 'invoke' && subcommand === 'local' && Boolean(this.options.function);
  }

  fail(message) {
    throw new this.serverless.classes.Error(`sls-local-stack: ${message}`);
  }

  retarget() {
    const { service } = this.serverless;
    const environments = [
      service.provider.environment,
      service.getFunction(this.options.function).environment,
    ];
    const file = stackFilePath(process.env);
    let stack;
    let unreadable;
    try {
      stack = readStackFile(file);
    } catch (error) {
      unreadable = error.message;
    }
    const { resolved, sources, target, targetSource, missing } = localEnvironment(
      environments,
      process.env,
      stack,
    );
    if (missing.length > 0) this.fail(missingMessage(missing, stack, file, unreadable));
    if (unreadable) this.log?.warning?.(`sls-local-stack: ${unreadable}; the shell sets everything needed`);

    for (const environment of environments.filter(Boolean)) {
      for (const variable of Object.keys(environment)) {
        if (variable in resolved) environment[variable] = resolved[variable];
      }
    }
    this.target = target;
    this.dropShellCredentials = targetSource === 'stack file';
    this.setProcessEnv();
    if (targetSource === 'stack file')
      this.log?.notice?.(`Invoking against the local stack described by ${file}`);
    else this.log?.notice?.('Invoking against the AWS endpoints set in the shell (AWS_ENDPOINT_URL*)');
    for (const [variable, source] of Object.entries(sources))
      this.log?.info?.(`invoke local: ${variable} from the ${source === 'shell' ? 'shell' : file}`);
  }

  setProcessEnv() {
    if (!this.target) return;
    Object.assign(process.env, this.target);
    if (this.dropShellCredentials)
      for (const variable of SHELL_CREDENTIAL_SOURCES) delete process.env[variable];
  }

  writeEsmLoader() {
    if (this.options.docker || !this.options.function) return;
    const { handler } = this.serverless.service.getFunction(this.options.function);
    if (!handler) return;
    const separator = handler.lastIndexOf('.');
    const base = path.join(
      this.serverless.serviceDir,
      this.options.extraServicePath || '',
      handler.slice(0, separator),
    );
    const loader = `${base}.cjs`;
    const ownLoader = fs.existsSync(loader) && fs.readFileSync(loader, 'utf8').startsWith(LOADER_MARKER);
    const loadable = fs.existsSync(`${base}.js`) || (fs.existsSync(loader) && !ownLoader);
    if (loadable || !fs.existsSync(`${base}.mjs`)) return;
    fs.writeFileSync(loader, esmLoader(`${base}.mjs`, handler.slice(separator + 1)));
    this.loaderFile = loader;
    // Also when the invocation fails and `after:invoke:local:invoke` never runs.
    process.once('exit', () => this.removeEsmLoader());
  }

  removeEsmLoader() {
    if (this.loaderFile) fs.rmSync(this.loaderFile, { force: true });
    this.loaderFile = undefined;
  }
}

module.exports = SlsLocalStack;
module.exports.stackFilePath = stackFilePath;
module.exports.readStackFile = readStackFile;
module.exports.localEnvironment = localEnvironment;
module.exports.missingMessage = missingMessage;
module.exports.esmLoader = esmLoader;
