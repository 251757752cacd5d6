// `rpv batch` under trouble, against the built binary: failed jobs do not stop the rest (exit 5),
// --ordered keeps input order while jobs finish out of order, and 429 storms are survived with
// no more jobs created than lines. Faults are emulator-wide, so these tests run one at a time.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from '../cli/harness.js';
import { expectExactTexts, ids, parseLines, prompts, writeInput } from './batch-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokenDelayMs: 2 });
});
afterAll(async () => {
  h.emu.setFaults([]);
  await h?.close();
});

describe('faults', () => {
  test('failed jobs become error lines, the rest finish, exit 5', async () => {
    const ep = h.endpoint();
    h.emu.setFaults([
      { name: 'fail', count: 2, route: 'run' },
      { name: 'timeout', count: 1, route: 'run' },
    ]);
    const file = writeInput(h, `fail-${ep}.jsonl`, prompts(20));
    const r = await h.run(['batch', file, '--max-tokens', '4', '--execution-timeout', '5s', '-q'], {
      env: h.env(ep),
      timeoutMs: 30_000,
    });
    h.emu.setFaults([]);
    expect(r.code, r.stderr).toBe(5);
    const lines = parseLines(r.stdout);
    expect(new Set(ids(lines)).size).toBe(20);
    expect(lines).toHaveLength(20);
    const failed = lines.filter((l) => l.error !== null);
    expect(failed.map((l) => l.error!.code).sort()).toEqual(['job_failed', 'job_failed', 'timed_out']);
    for (const f of failed) expect(f.response).toBeNull();
    expectExactTexts(
      h,
      ep,
      lines.filter((l) => l.error === null),
    );
    expect(r.stderr).toMatch(/17 ok, 3 failed/);
  }, 40_000);

  test('--ordered writes input order although short jobs finish first', async () => {
    const ep = h.endpoint();
    // early lines are long, later ones short: completion order is roughly reversed
    const file = writeInput(
      h,
      `ord-${ep}.jsonl`,
      prompts(24, (i) => 60 - i * 2),
    );
    const unordered = await h.run(['batch', file, '--concurrency', '24', '-q'], { env: h.env(ep) });
    expect(unordered.code, unordered.stderr).toBe(0);
    const expected = prompts(24).map((l) => (l as { custom_id: string }).custom_id);
    expect(ids(parseLines(unordered.stdout))).not.toEqual(expected);
    const ep2 = h.endpoint();
    const ordered = await h.run(['batch', file, '--ordered', '--concurrency', '24', '-q'], { env: h.env(ep2) });
    expect(ordered.code, ordered.stderr).toBe(0);
    const lines = parseLines(ordered.stdout);
    expect(ids(lines)).toEqual(expected);
    expectExactTexts(h, ep2, lines);
  }, 40_000);

  test('a 429 storm on /run: every line answered once, no more jobs than lines, 429s counted', async () => {
    const ep = h.endpoint();
    h.emu.setFaults([{ name: '429', count: 40, route: 'run' }]);
    const file = writeInput(h, `storm-${ep}.jsonl`, prompts(30));
    const out = `${file}.out`;
    const r = await h.run(['batch', file, '-o', out, '--json', '--max-tokens', '3'], {
      env: h.env(ep),
      timeoutMs: 60_000,
    });
    h.emu.setFaults([]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, any>;
    expect(summary).toMatchObject({ succeeded: 30, failed: 0, possiblyDuplicated: 0 });
    expect(summary.rateLimited).toBeGreaterThan(0);
    const runs = h.requestsOn(ep).filter((q) => q.route === 'run');
    expect(runs.filter((q) => q.status === 429).length).toBe(40);
    expect(runs.filter((q) => q.status === 200)).toHaveLength(30);
    expect(h.jobsOn(ep)).toHaveLength(30);
    const lines = parseLines((await import('node:fs')).readFileSync(out, 'utf8'));
    expect(new Set(ids(lines)).size).toBe(30);
    expect(lines).toHaveLength(30);
  }, 70_000);
});
