// The batch's record and the output file together decide what is answered: lines already in the
// output are never sent again (a torn last line is cut off first), a /run reply lost on the wire
// is resubmitted and reported as possibly duplicated, and --retry-failed replaces failed lines.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from '../cli/harness.js';
import { expectExactTexts, ids, prompts, readOut, writeInput } from './batch-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokenDelayMs: 1 });
});
afterAll(async () => {
  h.emu.setFaults([]);
  await h?.close();
});

describe('the record', () => {
  test('lines already in the output file are not sent again; a torn last line is cut off and redone', async () => {
    const ep = h.endpoint();
    const file = writeInput(h, `pre-${ep}.jsonl`, prompts(5));
    const out = `${file}.out`;
    const done = {
      id: 'old-job',
      custom_id: 'p2',
      response: {
        status_code: 200,
        request_id: 'old-job',
        body: { object: 'text_completion', choices: [{ index: 0, text: 'kept' }] },
      },
      error: null,
    };
    writeFileSync(out, `${JSON.stringify(done)}\n{"id":"torn","custom_id":"p4","respo`);
    const r = await h.run(['batch', file, '-o', out, '--max-tokens', '3', '-q'], { env: h.env(ep) });
    expect(r.code, r.stderr).toBe(0);
    const lines = readOut(out);
    expect(ids(lines).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(lines[0]).toEqual(done);
    expectExactTexts(h, ep, lines.slice(1));
    expect(
      h
        .jobsOn(ep)
        .map((j) => (j.input as { prompt: string }).prompt)
        .sort(),
    ).toEqual(['prompt number 1', 'prompt number 3', 'prompt number 4', 'prompt number 5']);
  });

  test('a /run reply lost after the job was created: resubmitted, reported as possibly duplicated, answered once', async () => {
    const ep = h.endpoint();
    h.emu.setFaults([{ name: 'drop-after-accept', route: 'run', count: 1 }]);
    const file = writeInput(h, `lost-${ep}.jsonl`, prompts(6));
    const out = `${file}.out`;
    const r = await h.run(['batch', file, '-o', out, '--json', '--max-tokens', '3', '--concurrency', '1'], {
      env: h.env(ep),
    });
    h.emu.setFaults([]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ succeeded: 6, possiblyDuplicated: 1 });
    expect(h.jobsOn(ep)).toHaveLength(7);
    const lines = readOut(out);
    expect(lines).toHaveLength(6);
    expect(new Set(ids(lines)).size).toBe(6);
  });

  test('--retry-failed resubmits only the failed lines and replaces their error lines', async () => {
    const ep = h.endpoint();
    h.emu.setFaults([{ name: 'fail', route: 'run', count: 2 }]);
    const file = writeInput(h, `retry-${ep}.jsonl`, prompts(8));
    const out = `${file}.out`;
    const args = ['batch', file, '-o', out, '--max-tokens', '3', '--concurrency', '2', '-q'];
    const first = await h.run(args, { env: h.env(ep) });
    h.emu.setFaults([]);
    expect(first.code).toBe(5);
    expect(readOut(out).filter((l) => l.error !== null)).toHaveLength(2);
    const again = await h.run(args, { env: h.env(ep) });
    expect(again.code).toBe(5);
    expect(h.jobsOn(ep)).toHaveLength(8);
    const retried = await h.run([...args, '--retry-failed'], { env: h.env(ep) });
    expect(retried.code, retried.stderr).toBe(0);
    expect(h.jobsOn(ep)).toHaveLength(10);
    const lines = readOut(out);
    expect(lines).toHaveLength(8);
    expect(new Set(ids(lines)).size).toBe(8);
    expectExactTexts(h, ep, lines);
  });

  test('the same batch started twice at once: the second refuses (exit 2), the first finishes alone', async () => {
    const ep = h.endpoint();
    const file = writeInput(
      h,
      `twice-${ep}.jsonl`,
      prompts(10, () => 200),
    );
    const out = `${file}.out`;
    const args = ['batch', file, '-o', out, '--concurrency', '2', '-q'];
    const first = h.run(args, { env: h.env(ep), timeoutMs: 60_000 });
    for (let i = 0; i < 200 && h.jobsOn(ep).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const second = await h.run(args, { env: h.env(ep) });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already running \(process \d+\)/);
    expect((await first).code).toBe(0);
    expect(h.jobsOn(ep)).toHaveLength(10);
    expect(readOut(out)).toHaveLength(10);
  }, 70_000);

  test("the record is a 0600 rpv.db in the data folder holding each line's state", async () => {
    const db = join(h.home.env.RPV_DATA_DIR!, 'rpv.db');
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(h.home.env.RPV_DATA_DIR!).mode & 0o777).toBe(0o700);
    expect(readFileSync(db).includes(Buffer.from('batch_requests'))).toBe(true);
  });
});
