// The batch's record and the output file together decide what is answered: lines already in the
// output are never sent again (a torn last line is cut off first), a /run reply lost on the wire
// is resubmitted and reported as possibly duplicated, and --retry-failed replaces failed lines.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from '../cli/harness.js';
import { logJson, query } from '../cli/record-helpers.js';
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

  test('every job of a batch is in the job log: rpv log and rpv stats see the timings the service reported', async () => {
    const ep = h.endpoint();
    h.emu.setFaults([{ name: 'fail', route: 'run', count: 1 }]);
    const input = [
      ...prompts(4),
      { custom_id: 'chat', messages: [{ role: 'user', content: 'a chat line' }], sampling_params: { max_tokens: 3 } },
    ];
    const file = writeInput(h, `log-${ep}.jsonl`, input);
    const out = `${file}.out`;
    const r = await h.run(['batch', file, '-o', out, '--max-tokens', '3', '--concurrency', '1', '-q'], {
      env: h.env(ep),
    });
    h.emu.setFaults([]);
    expect(r.code, r.stderr).toBe(5);
    const lines = readOut(out);
    const logged = await logJson(h, ep);
    expect(logged).toHaveLength(5);
    for (const line of lines) {
      const job = logged.find((j) => j.id === line.id)!;
      expect(job, line.custom_id).toBeDefined();
      const rpv = (line as unknown as { rpv: { delayTime: number; executionTime: number; workerId: string } }).rpv;
      expect(job).toMatchObject({
        command: 'batch',
        endpoint: ep,
        queueMs: rpv.delayTime,
        executionMs: rpv.executionTime,
        workerId: rpv.workerId,
        status: line.error === null ? 'COMPLETED' : 'FAILED',
      });
      expect(job.totalMs).toEqual(expect.any(Number));
      if (line.error === null) {
        const body = line.response!.body as { choices: { text?: string; message?: { content: string } }[] };
        expect(job.reply).toBe(body.choices[0]!.text ?? body.choices[0]!.message!.content);
        expect(job.tokensOut).toEqual(expect.any(Number));
      } else expect(job.error).toBe(line.error.message);
    }
    // a conversation is kept as chat keeps it: the messages as JSON
    const chat = logged.find((j) => j.id === lines.find((l) => l.custom_id === 'chat')!.id)!;
    expect(JSON.parse(chat.prompt as string)).toEqual([{ role: 'user', content: 'a chat line' }]);
    expect(logged.find((j) => j.id === lines.find((l) => l.custom_id === 'p1')!.id)!.prompt).toBe('prompt number 1');
    const stats = await h.run(['stats', '--json', '--endpoint', ep], { env: h.env(ep) });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout).endpoints[0]).toMatchObject({ jobs: 5 });
    // the job list knows them (finished, so nothing is asked of the service)
    const list = await h.run(['status', '--json'], { env: h.env(ep) });
    const listed = JSON.parse(list.stdout) as { id: string }[];
    for (const line of lines) expect(listed.map((j) => j.id)).toContain(line.id);
  });

  test('log-text false: the job log and the batch state keep no prompt or reply text', async () => {
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_CONFIG_DIR: join(h.home.dir, `logtext-${ep}`) };
    expect((await h.run(['config', 'set', 'log-text', 'false'], { env })).code).toBe(0);
    const file = writeInput(h, `private-${ep}.jsonl`, [{ custom_id: 'p', prompt: 'secret words here' }]);
    const r = await h.run(['batch', file, '-o', `${file}.out`, '--max-tokens', '3', '-q'], { env });
    expect(r.code, r.stderr).toBe(0);
    const [job] = await logJson(h, ep, [], env);
    expect(job).toMatchObject({ command: 'batch', prompt: null, reply: null, status: 'COMPLETED' });
    const db = join(h.home.env.RPV_DATA_DIR!, 'rpv.db');
    const rows = query(db, `SELECT reply_text FROM batch_requests WHERE job_id = '${String(job!.id)}'`);
    expect(rows).toEqual([{ reply_text: null }]);
  });

  test("the record is a 0600 rpv.db in the data folder holding each line's state", async () => {
    const db = join(h.home.env.RPV_DATA_DIR!, 'rpv.db');
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(h.home.env.RPV_DATA_DIR!).mode & 0o777).toBe(0o700);
    expect(readFileSync(db).includes(Buffer.from('batch_requests'))).toBe(true);
  });
});
