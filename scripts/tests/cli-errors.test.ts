/**
 * Every tool refuses bad input the same way, before starting anything: exactly one line on
 * stderr naming the problem, no stack trace, exit status 2 (scripts run as `npm run <tool> --`
 * runs them, in child processes; no AWS credentials, no local stack).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { runTsx, type ScriptRun } from '../../tests/helpers/run-script.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NO_STACK = join(ROOT, '.local', 'no-such-dir', 'stack.json');

/** No credentials anywhere the SDK's default chain looks, and no local stack. */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOCAL_STACK_FILE: NO_STACK,
};

type Run = ScriptRun;

const run = (script: string, args: readonly string[], cwd = ROOT): Promise<Run> =>
  runTsx(script, args, { cwd, env: ENV });

/** Runs the cases two at a time (a tool takes a second or two to start). */
async function runAll(cases: ReadonlyArray<readonly [string, readonly string[]]>, cwd?: string) {
  const runs: Run[] = [];
  for (let i = 0; i < cases.length; i += 2)
    runs.push(...(await Promise.all(cases.slice(i, i + 2).map(([script, args]) => run(script, args, cwd)))));
  return runs;
}

/** Exactly one line on stderr, saying `problem`; status 2. */
function expectRefusal(result: Run, tool: string, problem: string | RegExp) {
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`${tool}: `)).toBe(true);
  if (typeof problem === 'string') expect(lines[0]).toContain(problem);
  else expect(lines[0]).toMatch(problem);
  expect(lines[0]).not.toMatch(/\bat .*\.ts:\d+/);
  expect(result.code).toBe(2);
}

/** Bad values of the producer's flags, and what the refusal says about each. */
const PRODUCER_FLAGS: ReadonlyArray<[string[], string]> = [
  [['--rate', '-5'], "option '--rate <records/s>' argument '-5' is invalid. must be a number > 0"],
  [['--rate', '0'], "option '--rate <records/s>' argument '0' is invalid. must be a number > 0"],
  [['--duration', '-1'], "option '--duration <seconds>' argument '-1' is invalid. must be a number >= 0"],
  [
    ['--invalid-fraction', '2'],
    "option '--invalid-fraction <0..1>' argument '2' is invalid. must be within 0..1",
  ],
  [
    ['--batch-size', '501'],
    "option '--batch-size <records>' argument '501' is invalid. must be an integer within 1..500",
  ],
  [['--seed', '1.5'], "option '--seed <integer>' argument '1.5' is invalid. must be an integer"],
  [['--config', 'nope.yml'], 'the producer settings file nope.yml does not exist'],
  [
    ['--stage', 'Bad_Stage!'],
    "option '--stage <stage>' argument 'Bad_Stage!' is invalid. use 1-10 lower-case",
  ],
  [['--stage', 'thisstageistoolong'], "argument 'thisstageistoolong' is invalid. use 1-10 lower-case"],
];

describe('npm start', () => {
  it('refuses every bad flag in one line, before starting the emulators', async () => {
    const cases: Array<[string[], string]> = [
      ...PRODUCER_FLAGS,
      [
        ['--settle-timeout', '-1'],
        "option '--settle-timeout <seconds>' argument '-1' is invalid. must be a number >= 0",
      ],
      [['--rate', 'fast'], "option '--rate <records/s>' argument 'fast' is invalid. not a number"],
      [['--bogus'], "unknown option '--bogus'"],
    ];
    const runs = await runAll(cases.map(([args]) => ['scripts/local.ts', args] as const));
    runs.forEach((result, i) => {
      expectRefusal(result, 'npm start', cases[i]![1]);
      expect(result.stdout).toBe('');
    });
  }, 180_000);
});

describe('npm run produce', () => {
  it('refuses every bad flag in one line', async () => {
    const cases: Array<[string[], string]> = [
      ...PRODUCER_FLAGS,
      [
        ['--concurrency', '0'],
        "option '--concurrency <calls>' argument '0' is invalid. must be an integer >= 1",
      ],
    ];
    const runs = await runAll(cases.map(([args]) => ['scripts/produce.ts', args] as const));
    runs.forEach((result, i) => {
      expectRefusal(result, 'produce', cases[i]![1]);
      expect(result.stdout).toBe('');
    });
  }, 180_000);

  it('checks the target before sending anything: no local stack, or a stage without credentials', async () => {
    const started = Date.now();
    const [noStack, noCredentials] = (await runAll([
      ['scripts/produce.ts', ['--duration', '60']],
      ['scripts/produce.ts', ['--stage', 'dev', '--duration', '60']],
    ])) as [Run, Run];
    expectRefusal(noStack, 'produce', `no local stack at ${NO_STACK}: start it first with \`npm start`);
    expectRefusal(noCredentials, 'produce', /^produce: No usable AWS credentials: .*Set AWS_PROFILE/);
    expect(noCredentials.stdout).toBe('Checking AWS credentials for stage dev ...\n');
    // Not a minute of retried records: refused at once.
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 60_000);
});

describe('npm run replay and npm run redrive', () => {
  it('refuse every bad flag in one line', async () => {
    const cases: Array<[string, string[], string, string]> = [
      [
        'scripts/replay.ts',
        ['--from', '2026-02-30T02:50:00Z'],
        'replay',
        '--from 2026-02-30T02:50:00Z: 2026-02-30 is not a date: February 2026 has 28 days',
      ],
      [
        'scripts/replay.ts',
        ['--from', '2024-01-15T10:30:00'],
        'replay',
        '--from 2024-01-15T10:30:00 has no zone',
      ],
      ['scripts/replay.ts', [], 'replay', "required option '--from <time>' not specified"],
      [
        'scripts/replay.ts',
        ['--from', '2024-01-15T10:30:00Z', '--concurrency', '0'],
        'replay',
        "option '--concurrency <n>' argument '0' is invalid. must be an integer >= 1",
      ],
      [
        'scripts/replay.ts',
        ['--from', '2024-01-15T10:30:00Z', '--stage', 'Bad_Stage!'],
        'replay',
        "option '--stage <stage>' argument 'Bad_Stage!' is invalid",
      ],
      ['scripts/redrive.ts', [], 'redrive', "required option '--queue <queue>' not specified"],
      [
        'scripts/redrive.ts',
        ['--queue', 'both'],
        'redrive',
        "option '--queue <queue>' argument 'both' is invalid. Allowed choices are ingest, transform.",
      ],
      [
        'scripts/redrive.ts',
        ['--queue', 'ingest', '--discard', 'm-1'],
        'redrive',
        '--discard needs --export <file>: a discarded message is saved there first',
      ],
      [
        'scripts/redrive.ts',
        ['--queue', 'ingest', '--dry-run', '--export', 'x.jsonl'],
        'redrive',
        "option '--dry-run' cannot be used with option '--export <file>'",
      ],
      [
        'scripts/redrive.ts',
        ['--queue', 'ingest', '--data-dir', '/tmp/x', '--stack-file', '/tmp/x/stack.json'],
        'redrive',
        "option '--data-dir <dir>' cannot be used with option '--stack-file <file>'",
      ],
      [
        'scripts/redrive.ts',
        ['--queue', 'ingest'],
        'redrive',
        `no local stack at ${NO_STACK}: start it first`,
      ],
    ];
    const runs = await runAll(cases.map(([script, args]) => [script, args] as const));
    runs.forEach((result, i) => {
      const [, , tool, problem] = cases[i]!;
      expectRefusal(result, tool, problem);
    });
  }, 180_000);
});

describe('npm run fixtures:seed -w @event-pipeline/transform', () => {
  it('says to start the local stack first, in one line', async () => {
    const [seed] = await runAll([['scripts/fixtures.ts', ['seed']]], join(ROOT, 'services', 'transform'));
    expectRefusal(
      seed!,
      'fixtures seed',
      `no local stack at ${NO_STACK}: start it first with \`npm start -- --duration 0 --keep-alive\``,
    );
  }, 60_000);
});

describe('the tools that work on a deployed stage', () => {
  it('name the operator policy in their --help', async () => {
    const scripts = [
      'scripts/produce.ts',
      'scripts/redrive.ts',
      'scripts/replay.ts',
      'scripts/compact.ts',
      'scripts/status.ts',
      'scripts/stacks.ts',
    ];
    const runs = await runAll(scripts.map((script) => [script, ['--help']] as const));
    runs.forEach((result, i) => {
      expect({ script: scripts[i], code: result.code }).toEqual({ script: scripts[i], code: 0 });
      expect(result.stdout.replace(/\s+/g, ' ')).toContain('exports as <app>-<stage>-OperatorPolicyArn');
    });
  }, 180_000);
});
