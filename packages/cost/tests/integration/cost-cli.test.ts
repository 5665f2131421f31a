/**
 * `npm run cost` run as a user runs it: the prod bill as JSON with every line and item, the table,
 * the help, and one line on stderr with exit status 2 for every kind of bad input.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { LINE_KEYS } from '../../src/index.js';
import { type CostRun, runCost } from '../helpers/run-cost.js';

const LINES = [
  'kinesis',
  'lambda',
  's3_requests',
  's3_storage',
  'dynamodb',
  'cloudwatch',
  'xray',
  'sqs',
  'athena',
  'kms',
];

interface JsonItem {
  name: string;
  quantity: number;
  unit: string;
  unit_usd: number;
  usd: number;
}
interface JsonBill {
  stage: string;
  workload: { events_per_second: number; event_bytes: number; events_per_month: number };
  settings: Record<string, unknown>;
  lines: Record<string, { title: string; usd: number; items: JsonItem[] }>;
  total_usd: number;
  firehose: Record<'dynamic_partitioning' | 'parquet', Record<string, unknown>>;
  reference_estimate: Record<string, unknown> | null;
  limits: Record<string, number>;
  assumptions: string[];
}

let prod: CostRun;
let bill: JsonBill;

beforeAll(async () => {
  prod = await runCost(['--stage', 'prod', '--format', 'json']);
  bill = JSON.parse(prod.stdout) as JsonBill;
}, 60_000);

describe('npm run cost -- --stage prod --format json', () => {
  it('exits 0 with nothing on stderr', () => {
    expect({ code: prod.code, stderr: prod.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it("prices the stage's reference workload with its own settings", () => {
    expect(bill.stage).toBe('prod');
    expect(bill.workload).toMatchObject({
      events_per_second: 1000,
      event_bytes: 500,
      events_per_month: 2_628_000_000,
    });
    expect(bill.settings).toMatchObject({
      shards: 4,
      batch_size: 4500,
      batch_window_s: 45,
      log_level: 'WARN',
    });
  });

  it('has every line, each the sum of its items, each item its quantity times its unit price', () => {
    expect(Object.keys(bill.lines)).toEqual(LINES);
    for (const [key, entry] of Object.entries(bill.lines)) {
      expect({ key, items: entry.items.length > 0 }).toEqual({ key, items: true });
      const sum = entry.items.reduce((total, item) => total + item.usd, 0);
      expect(Math.abs(sum - entry.usd)).toBeLessThan(0.01);
      for (const item of entry.items) {
        expect(item).toEqual({
          name: expect.any(String),
          quantity: expect.any(Number),
          unit: expect.any(String),
          unit_usd: expect.any(Number),
          usd: expect.any(Number),
        });
        expect(item.quantity).toBeGreaterThanOrEqual(0);
        expect(Math.abs(item.quantity * item.unit_usd - item.usd)).toBeLessThan(0.001 + item.usd * 1e-3);
      }
    }
    const total = Object.values(bill.lines).reduce((sum, entry) => sum + entry.usd, 0);
    expect(Math.abs(total - bill.total_usd)).toBeLessThan(0.05);
  });

  it('names the items the issue asks for', () => {
    const names = (key: string) => bill.lines[key]!.items.map((item) => item.name).join(' | ');
    expect(names('kinesis')).toMatch(/shard-hours.*PUT payload units.*extended retention/);
    expect(names('lambda')).toMatch(/ingest requests.*ingest compute.*transform.*compact compute/);
    expect(names('s3_requests')).toMatch(
      /raw\/ PUT.*raw\/ GET.*processed\/ PUT.*processed\/ GET.*curated\/ PUT/,
    );
    expect(names('s3_storage')).toMatch(
      /raw\/ Standard.*Glacier.*processed\/ Standard, kept 8 days.*curated.*transitions/,
    );
    expect(names('dynamodb')).toMatch(/writes.*storage.*point-in-time recovery/);
    expect(names('cloudwatch')).toMatch(
      /logs \(WARN\).*log storage.*custom metrics.*shard-level.*alarms.*dashboards/,
    );
    expect(names('athena')).toMatch(/saved queries.*Glue/);
  });

  it('sets Firehose, with and without Parquet, and the reference estimate beside it', () => {
    for (const variant of ['dynamic_partitioning', 'parquet'] as const) {
      expect(bill.firehose[variant]).toMatchObject({
        total: expect.any(Number),
        kinesis: expect.any(Number),
        firehose: expect.any(Number),
      });
    }
    expect(bill.reference_estimate).toMatchObject({
      kinesis: 88,
      lambda: 20,
      s3: 25,
      dynamodb: 10,
      cloudwatch: 10,
      total: 153,
    });
    expect(bill.limits).toEqual({ lambda: 20, dynamodb: 10, cloudwatch: 10, s3_requests: 5 });
    expect(bill.assumptions.length).toBeGreaterThan(5);
  });
});

describe('npm run cost (table)', () => {
  it('prints dev at 10 events/s with every line title, the comparison and the assumptions', async () => {
    const run = await runCost(['--stage', 'dev']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Monthly bill of stage dev: 10 events/s of 500 B');
    for (const title of [
      'Kinesis Data Streams',
      'Lambda (arm64)',
      'S3 requests',
      'S3 storage after 12 months',
      'DynamoDB',
      'CloudWatch',
      'X-Ray',
      'SQS',
      'Athena and Glue',
      'KMS',
    ])
      expect(run.stdout).toContain(title);
    expect(run.stdout).toMatch(/^line\s+this stage\s+Firehose\s+Firehose\+Parquet\s+reference\s+limit$/m);
    expect(run.stdout).toContain('Assumptions:');
  }, 60_000);

  it('takes --rate and --event-bytes over the stage workload', async () => {
    const run = await runCost([
      '--stage',
      'prod',
      '--rate',
      '2000',
      '--event-bytes',
      '250',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as JsonBill).workload).toMatchObject({
      events_per_second: 2000,
      event_bytes: 250,
    });
  }, 60_000);

  it('describes every flag in --help', async () => {
    const run = await runCost(['--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--stage', '--rate', '--event-bytes', '--months', '--format'])
      expect(run.stdout).toContain(flag);
  }, 60_000);
});

describe('npm run cost with bad input', () => {
  it.each([
    [['--stage', 'staging'], /unknown stage 'staging' \(config\/stages\.yml defines dev, prod/],
    [['--rate', '-5'], /--rate.*must be a number > 0/],
    [['--rate', 'fast'], /--rate.*must be a number > 0/],
    [['--event-bytes', '0'], /--event-bytes.*must be an integer from 1/],
    [['--event-bytes', '2000000'], /--event-bytes.*must be an integer from 1/],
    [['--format', 'xml'], /--format.*xml.*table, json/],
    [['--months', '1.5'], /--months.*integer/],
    [['--colour'], /unknown option '--colour'/],
  ])(
    '%j: one line on stderr, exit status 2',
    async (args, message) => {
      const run = await runCost(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    },
    60_000,
  );
});

it('knows every line key it prints', () => {
  for (const key of LINES) expect(LINE_KEYS).toContain(key);
});
