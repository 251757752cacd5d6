// The result poller with a scripted client: one long-poll per job when /status-sync exists, paced
// /status reads when it does not, and a job that is gone reported as lost.
import { describe, expect, test } from 'vitest';
import { BudgetGate } from '../../src/batch/budget-gate.js';
import { Poller, type Tracked } from '../../src/batch/poller.js';
import { NotFoundError } from '../../src/core/errors.js';
import type { RunpodClient } from '../../src/core/runpod-client.js';
import type { JobStatusReply } from '../../src/core/schemas.js';

function fakeClient(over: Partial<RunpodClient>): RunpodClient {
  return { endpoint: 'e', ...over } as RunpodClient;
}

function run(client: RunpodClient, jobs: Tracked[]) {
  const ended: string[] = [];
  const lost: string[] = [];
  const stop = new AbortController();
  let left = jobs.length;
  const done = new Promise<void>((resolve) => {
    const poller = new Poller(
      client,
      new BudgetGate(),
      {
        onTerminal: async (job, reply) => void (ended.push(`${job.jobId}:${reply.status}`), --left === 0 && resolve()),
        onLost: async (job) => void (lost.push(job.jobId), --left === 0 && resolve()),
        onFatal: (err) => {
          throw err;
        },
        onSettled: () => undefined,
        callOptions: () => ({}),
      },
      stop.signal,
    );
    for (const j of jobs) poller.add(j);
  });
  return { done: done.then(() => stop.abort()), ended, lost };
}

const job = (id: string): Tracked => ({ lineNo: 1, customId: id, jobId: id, retries: 0 });

describe('Poller', () => {
  test('one /status-sync per job that ends within the wait', async () => {
    const calls: string[] = [];
    const client = fakeClient({
      statusSync: async (id, wait) => {
        calls.push(`${id}@${wait}`);
        return { id, status: 'COMPLETED', output: [] } as JobStatusReply;
      },
    });
    const r = run(client, [job('a'), job('b'), job('c')]);
    await r.done;
    expect(r.ended.sort()).toEqual(['a:COMPLETED', 'b:COMPLETED', 'c:COMPLETED']);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => /@60000$/.test(c))).toBe(true);
  });

  test('a job still running is polled again', async () => {
    let n = 0;
    const client = fakeClient({
      statusSync: async (id) => ({ id, status: ++n < 3 ? 'IN_PROGRESS' : 'FAILED' }) as JobStatusReply,
    });
    const r = run(client, [job('x')]);
    await r.done;
    expect(r.ended).toEqual(['x:FAILED']);
    expect(n).toBe(3);
  });

  test('no /status-sync on the endpoint: falls back to /status', async () => {
    let syncCalls = 0;
    let statusCalls = 0;
    const client = fakeClient({
      statusSync: async () => {
        syncCalls++;
        throw new NotFoundError('not found');
      },
      status: async (id) => ({ id, status: ++statusCalls < 2 ? 'IN_QUEUE' : 'COMPLETED' }) as JobStatusReply,
    });
    const r = run(client, [job('p')]);
    await r.done;
    expect(r.ended).toEqual(['p:COMPLETED']);
    expect(syncCalls).toBe(1);
    expect(statusCalls).toBe(2);
  }, 10_000);

  test('a job gone from both routes is reported lost', async () => {
    const gone = async (): Promise<JobStatusReply> => {
      throw new NotFoundError('job not found');
    };
    const r = run(fakeClient({ statusSync: gone, status: gone }), [job('g')]);
    await r.done;
    expect(r.lost).toEqual(['g']);
    expect(r.ended).toEqual([]);
  });
});
