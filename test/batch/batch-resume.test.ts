// Crash safety of `rpv batch`, against the built binary: SIGKILL at random points and a re-run
// give every line exactly once with at most the in-flight submissions repeated; Ctrl-C cancels the
// jobs in flight, exits 130, and the same command then finishes the batch.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from '../cli/harness.js';
import { expectExactTexts, ids, prompts, readOut, writeInput } from './batch-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokenDelayMs: 4 });
});
afterAll(async () => {
  await h?.close();
});

const CONCURRENCY = 8;

describe('resume', () => {
  test('SIGKILL at random points, then a re-run: every line once, only in-flight submissions repeated', async () => {
    const ep = h.endpoint();
    const n = 80;
    const file = writeInput(
      h,
      `kill-${ep}.jsonl`,
      prompts(n, (i) => 10 + (i % 7) * 5),
    );
    const out = `${file}.out`;
    const args = ['batch', file, '-o', out, '--concurrency', String(CONCURRENCY), '-q'];
    const kills = 3;
    let killed = 0;
    for (let k = 0; k < kills; k++) {
      const delay = 300 + Math.floor(Math.random() * 500);
      const r = await h.run(args, {
        env: h.env(ep),
        timeoutMs: 30_000,
        onSpawn: (child) => void setTimeout(() => child.kill('SIGKILL'), delay),
      });
      if (r.signal === 'SIGKILL') killed++;
      else expect(r.code, r.stderr).toBe(0);
    }
    expect(killed).toBeGreaterThan(0);
    const last = await h.run(args, { env: h.env(ep), timeoutMs: 60_000 });
    expect(last.code, last.stderr).toBe(0);
    const lines = readOut(out);
    expect(lines).toHaveLength(n);
    expect(new Set(ids(lines)).size).toBe(n);
    expectExactTexts(h, ep, lines);
    const runs = h.requestsOn(ep).filter((q) => q.route === 'run' && q.status === 200).length;
    expect(runs).toBeGreaterThanOrEqual(n);
    expect(runs - n).toBeLessThanOrEqual(killed * CONCURRENCY);
  }, 120_000);

  test('Ctrl-C cancels the jobs in flight and exits 130; the same command then finishes', async () => {
    const ep = h.endpoint();
    const n = 30;
    const file = writeInput(
      h,
      `int-${ep}.jsonl`,
      prompts(n, () => 120),
    );
    const out = `${file}.out`;
    const args = ['batch', file, '-o', out, '--concurrency', '6'];
    const first = await h.run(args, {
      env: h.env(ep),
      timeoutMs: 30_000,
      onSpawn: (child) => {
        const t = setInterval(() => {
          if (h.jobsOn(ep).some((j) => j.status === 'IN_PROGRESS')) {
            clearInterval(t);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('close', () => clearInterval(t));
      },
    });
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(/batch interrupted/);
    const cancelled = h.jobsOn(ep).filter((j) => j.cancelled);
    expect(cancelled.length).toBeGreaterThan(0);
    expect(h.jobsOn(ep).filter((j) => j.status === 'IN_PROGRESS' || j.status === 'IN_QUEUE')).toHaveLength(0);
    const before = readOut(out).length;
    expect(before).toBeLessThan(n);
    const second = await h.run(args, { env: h.env(ep), timeoutMs: 60_000 });
    expect(second.code, second.stderr).toBe(0);
    const lines = readOut(out);
    expect(lines).toHaveLength(n);
    expect(new Set(ids(lines)).size).toBe(n);
    expectExactTexts(h, ep, lines);
    expect(second.stderr).toMatch(new RegExp(`${before} already done`));
  }, 120_000);

  test('SIGTERM does what Ctrl-C does: in-flight jobs cancelled, exit 130, nothing left running', async () => {
    const ep = h.endpoint();
    const file = writeInput(
      h,
      `term-${ep}.jsonl`,
      prompts(40, () => 150),
    );
    const r = await h.run(['batch', file, '-o', `${file}.out`, '--concurrency', '30', '-q'], {
      env: h.env(ep),
      timeoutMs: 30_000,
      onSpawn: (child) => {
        const t = setInterval(() => {
          if (h.jobsOn(ep).filter((j) => j.status === 'IN_PROGRESS').length >= 25) {
            clearInterval(t);
            child.kill('SIGTERM');
          }
        }, 20);
        child.on('close', () => clearInterval(t));
      },
    });
    expect(r.code, r.stderr).toBe(130);
    // the cancels share one deadline: more than ten of them, and no listener warning from Node
    expect(r.stderr).not.toMatch(/Warning|memory leak/);
    expect(h.jobsOn(ep).filter((j) => j.cancelled).length).toBeGreaterThan(10);
    expect(h.jobsOn(ep).filter((j) => j.status === 'IN_PROGRESS' || j.status === 'IN_QUEUE')).toHaveLength(0);
  }, 60_000);
});
