import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { lockDataDir, processAlive, StackLockedError } from '../../../src/stack/stack-lock.js';

/** A pid no process has: far above any pid_max. */
const GONE = 2_147_483_646;
const ENDPOINTS = {
  kinesis: 'http://127.0.0.1:4001',
  s3: 'http://127.0.0.1:4002',
  dynamodb: 'http://127.0.0.1:4003',
  sqs: 'http://127.0.0.1:4004',
};

let dataDir: string;
const lockFile = () => join(dataDir, 'stack.lock');
const holder = () => JSON.parse(readFileSync(lockFile(), 'utf8')) as Record<string, unknown>;
const readdir = () => readdirSync(dataDir).sort();

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'stack-lock-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('lockDataDir', () => {
  it('takes a free data folder, naming this process, and releases it', () => {
    const lock = lockDataDir(dataDir, new Date('2024-01-15T10:00:00.000Z'));
    expect(holder()).toEqual({ pid: process.pid, startedAt: '2024-01-15T10:00:00.000Z' });
    expect(lock.tookOverFrom).toBeUndefined();
    lock.setEndpoints(ENDPOINTS);
    expect(holder()).toMatchObject({ pid: process.pid, endpoints: ENDPOINTS });
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    // The temporary file the lock was linked from is gone too.
    expect(readdir()).toEqual([]);
  });

  it('refuses a folder a running process holds, naming it with its pid, start time and endpoints', () => {
    // The parent of this process is running: it stands for another stack.
    writeFileSync(
      lockFile(),
      JSON.stringify({ pid: process.ppid, startedAt: '2024-01-15T09:00:00.000Z', endpoints: ENDPOINTS }),
    );
    let error: unknown;
    try {
      lockDataDir(dataDir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StackLockedError);
    expect((error as Error).message).toBe(
      `another local stack is running on ${dataDir} (pid ${process.ppid}, started 2024-01-15T09:00:00.000Z, ` +
        'kinesis http://127.0.0.1:4001, s3 http://127.0.0.1:4002, dynamodb http://127.0.0.1:4003, sqs http://127.0.0.1:4004): ' +
        'stop it first, or give this one its own data folder with --data-dir <dir> (the other tools then take ' +
        '--data-dir <dir>, or LOCAL_STACK_FILE=<dir>/stack.json for `sls invoke local` and fixtures:seed)',
    );
    // Left as it was.
    expect(holder()).toMatchObject({ pid: process.ppid });
    expect(readdir()).toEqual(['stack.lock']);
  });

  it('says a running holder has no endpoints yet while its emulators start', () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: process.ppid, startedAt: '2024-01-15T09:00:00.000Z' }));
    expect(() => lockDataDir(dataDir)).toThrow(/started 2024-01-15T09:00:00.000Z, endpoints not ready yet\)/);
  });

  it('takes over the lock of a process that is gone, saying whose it was', () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: GONE, startedAt: '2024-01-15T09:00:00.000Z' }));
    const lock = lockDataDir(dataDir);
    expect(lock.tookOverFrom).toEqual({ pid: GONE, startedAt: '2024-01-15T09:00:00.000Z' });
    expect(holder()).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes over a lock it cannot read (a holder killed while writing it)', () => {
    writeFileSync(lockFile(), '{"pid": 12');
    const lock = lockDataDir(dataDir);
    expect(lock.tookOverFrom).toMatchObject({ pid: 0 });
    expect(holder()).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes a lock naming this very process as a leftover, and never releases one it no longer holds', () => {
    const first = lockDataDir(dataDir, new Date('2024-01-15T09:00:00.000Z'));
    const second = lockDataDir(dataDir, new Date('2024-01-15T10:00:00.000Z'));
    expect(second.tookOverFrom).toMatchObject({ pid: process.pid });
    // The first no longer holds it: releasing removes nothing, updating changes nothing.
    first.setEndpoints(ENDPOINTS);
    first.release();
    expect(holder()).toEqual({ pid: process.pid, startedAt: '2024-01-15T10:00:00.000Z' });
    second.release();
    expect(existsSync(lockFile())).toBe(false);
  });
});

describe('processAlive', () => {
  it('tells a running process from one that is gone', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(GONE)).toBe(false);
  });
});
