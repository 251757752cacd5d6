// An endpoint whose real limits are far below the documented ones (an account limit, an incident):
// rpv batch learns them from the 429s, slows down and finishes every line instead of giving up,
// and the 429s it draws stay bounded (each one halves the pace instead of being retried at once).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from '../cli/harness.js';
import { expectExactTexts, ids, parseLines, prompts, writeInput } from './batch-harness.js';

let h: Harness;
beforeAll(async () => {
  // 30 /run per 10 s (8 open at once), 120 status reads per 10 s (16 open): a thirtieth of Runpod's
  h = await harness({ tokenDelayMs: 1, rateLimit: 'run=30/10s:8,status=120/10s:16' });
});
afterAll(async () => {
  await h?.close();
});

describe('a sustained rate limit below the documented one', () => {
  test('every line is answered once, no more jobs than lines, and the 429s stay bounded', async () => {
    const ep = h.endpoint();
    const file = writeInput(h, `tight-${ep}.jsonl`, prompts(60));
    const out = `${file}.out`;
    const r = await h.run(['batch', file, '-o', out, '--json', '--max-tokens', '3'], {
      env: h.env(ep),
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, any>;
    expect(summary).toMatchObject({ succeeded: 60, failed: 0, possiblyDuplicated: 0 });
    const runs = h.requestsOn(ep).filter((q) => q.route === 'run');
    const refused = runs.filter((q) => q.status === 429).length;
    expect(summary.rateLimited).toBeGreaterThan(0);
    expect(runs.filter((q) => q.status === 200)).toHaveLength(60);
    expect(h.jobsOn(ep)).toHaveLength(60);
    // the 30 lines over the first window wait about 10 s: a client retrying each of them every
    // 250 ms would draw over a thousand 429s; the paced one probes a few times a second at most
    expect(refused).toBeLessThan(120);
    const lines = parseLines(readFileSync(out, 'utf8'));
    expect(new Set(ids(lines)).size).toBe(60);
    expect(lines).toHaveLength(60);
    expectExactTexts(h, ep, lines);
  }, 70_000);
});
