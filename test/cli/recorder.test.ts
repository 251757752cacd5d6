// The recorder in-process: events pass through unchanged and before the record is touched (the
// first poll is not held up by opening SQLite); the row is complete once the stream ends; the
// done event gains its estimated cost; the key is never written.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import type { JobEvent } from '../../src/core/events.js';
import type { CliIo } from '../../src/core/io.js';
import { recorded, type RecordInfo } from '../../src/cli/record/recorder.js';
import { openRecord } from '../../src/cli/record/open-record.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function io(): CliIo {
  const dir = mkdtempSync(join(tmpdir(), 'rpv-recorder-'));
  dirs.push(dir);
  return {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: { RPV_DATA_DIR: join(dir, 'data') },
    stdoutIsTTY: false,
    stdinIsTTY: false,
    signal: new AbortController().signal,
  };
}

const info = (warn: string[] = []): RecordInfo => ({
  command: 'complete',
  endpoint: 'ep',
  baseUrl: 'http://127.0.0.1:1/v2',
  profile: 'default',
  route: 'native',
  prompt: 'hello',
  settings: { log: true, logText: true, cache: false, cacheTtlMs: 1000, pricePerSecond: 0.001 },
  warn: (l) => warn.push(l),
});

describe('recorded', () => {
  test('the submitted event arrives before the record is opened; the row is whole at the end', async () => {
    const x = io();
    const seenAtSubmit: boolean[] = [];
    async function* job(): AsyncGenerator<JobEvent> {
      yield { type: 'submitted', jobId: 'job-1', endpoint: 'ep', at: Date.now() };
      yield {
        type: 'status',
        jobId: 'job-1',
        status: 'IN_PROGRESS',
        phase: 'generating',
        delayTime: 1234,
        at: Date.now(),
      };
      yield { type: 'token', index: 0, text: 'hi there', at: Date.now() };
      yield {
        type: 'done',
        jobId: 'job-1',
        status: 'COMPLETED',
        text: 'hi there',
        choices: ['hi there'],
        usage: { promptTokens: 3, completionTokens: 2 },
        timings: { queueMs: 1234, executionMs: 2000, firstTokenMs: 1300, totalMs: 3500, tokensPerSecond: 10 },
        retries: 1,
        at: Date.now(),
      };
    }
    const out: JobEvent[] = [];
    for await (const ev of recorded(job(), info(), x)) {
      if (ev.type === 'submitted') seenAtSubmit.push(existsSync(join(x.env.RPV_DATA_DIR!, 'rpv.db')));
      out.push(ev);
    }
    expect(seenAtSubmit).toEqual([false]);
    expect(out.map((e) => e.type)).toEqual(['submitted', 'status', 'token', 'done']);
    expect(out.at(-1)).toMatchObject({ type: 'done', costUsd: 0.002 });
    const r = await openRecord(x.env);
    expect(r.lib.jobById(r.store, 'job-1')).toMatchObject({
      status: 'COMPLETED',
      queueMs: 1234,
      executionMs: 2000,
      firstTokenMs: 1300,
      totalMs: 3500,
      tokensIn: 3,
      tokensOut: 2,
      retries: 1,
      costUsd: 0.002,
      prompt: 'hello',
      reply: 'hi there',
      cached: false,
      route: 'native',
      command: 'complete',
    });
  });

  test('a job that fails is recorded with its error and partial text', async () => {
    const x = io();
    const { RpvError } = await import('../../src/core/errors.js');
    async function* job(): AsyncGenerator<JobEvent> {
      yield { type: 'submitted', jobId: 'job-2', endpoint: 'ep', at: Date.now() };
      yield {
        type: 'error',
        jobId: 'job-2',
        error: Object.assign(new RpvError('worker crashed', 5), { name: 'JobFailedError' }),
        partial: ['half'],
        timings: { totalMs: 10, executionMs: 500 },
        retries: 0,
        at: Date.now(),
      };
    }
    for await (const _ of recorded(job(), info(), x)) void _;
    const r = await openRecord(x.env);
    expect(r.lib.jobById(r.store, 'job-2')).toMatchObject({
      status: 'FAILED',
      error: 'worker crashed',
      reply: 'half',
      costUsd: 0.0005,
    });
  });
});
