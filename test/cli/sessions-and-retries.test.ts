// One-shot chat turns saved and continued (`--session`, `-c`), a transient failure retried
// without touching stdout, and `status`/`cancel` on jobs that already ended.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, onlyJob, withNewline, type Harness } from './harness.js';

const opened: Harness[] = [];
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close()));
});
async function own(opts: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = await harness(opts);
  opened.push(h);
  return h;
}

describe('chat sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await own({ worker: 'legacy' });
  });

  test('--session appends to a saved conversation, -c continues the latest one', async () => {
    const ep = h.endpoint();
    const turn = async (args: string[], message: string) => {
      const r = await h.run(['chat', '--max-tokens', '5', ...args, message], { env: h.env(ep) });
      expect(r.code).toBe(0);
      const job = h.jobsOn(ep).at(-1)!;
      const [reply] = h.emu.generate(job.input);
      expect(r.stdout).toBe(withNewline(reply!));
      return { input: job.input as { messages: unknown[] }, reply: reply! };
    };
    const first = await turn(['--session', 'notes', '-s', 'be brief'], 'first');
    expect(first.input.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first' },
    ]);
    const second = await turn(['--session', 'notes'], 'second');
    expect(second.input.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: first.reply },
      { role: 'user', content: 'second' },
    ]);
    const third = await turn(['-c'], 'third');
    expect(third.input.messages).toEqual([
      ...second.input.messages,
      { role: 'assistant', content: second.reply },
      { role: 'user', content: 'third' },
    ]);
  });
});

describe('a turn with no reply', () => {
  test('is not saved, so the next turn still alternates user and assistant', async () => {
    const h = await own({ worker: 'legacy', faults: [{ name: '500', route: 'run', count: 1 }] });
    const ep = h.endpoint();
    const failed = await h.run(['chat', '--retries', '0', '--session', 'alt', 'lost question'], { env: h.env(ep) });
    expect(failed.code).toBe(8);
    const ok = await h.run(['chat', '--max-tokens', '4', '--session', 'alt', 'real question'], { env: h.env(ep) });
    expect(ok.code).toBe(0);
    const job = h.jobsOn(ep).at(-1)!;
    expect((job.input as { messages: unknown[] }).messages).toEqual([{ role: 'user', content: 'real question' }]);
  });
});

describe('transient failures', () => {
  test.concurrent('a 503 on /stream is retried: stdout exact, one retry note, retries counted', async () => {
    const h = await own({ faults: [{ name: '503', route: 'stream', count: 1 }], tokenDelayMs: 1 });
    const ep = h.endpoint();
    const r = await h.run(['complete', '--max-tokens', '6', 'retry me'], { env: h.env(ep) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(withNewline(h.emu.generate(onlyJob(h, ep).input)[0]!));
    const notes = r.stderr.split('\n').filter((l) => l !== '');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^rpv: .*503.*retry 1\//);
    h.emu.setFaults([{ name: '503', route: 'stream', count: 1 }]);
    const json = await h.run(['complete', '--json', '--max-tokens', '6', 'retry me'], { env: h.env(ep) });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'COMPLETED', retries: 1 });
    h.emu.setFaults([{ name: '503', route: 'stream', count: 1 }]);
    const quiet = await h.run(['complete', '-q', '--max-tokens', '6', 'retry me'], { env: h.env(ep) });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(h.requestsOn(ep).filter((q) => q.status === 503)).toHaveLength(3);
  });
});

describe('jobs that already ended', () => {
  test.concurrent('status of a FAILED job exits 0 and shows the error readably; cancel reports each ID', async () => {
    const h = await own({ faults: [{ name: 'fail' }], tokenDelayMs: 1 });
    const ep = h.endpoint();
    const failed = await h.run(['complete', '--max-tokens', '30', 'doomed'], { env: h.env(ep) });
    expect(failed.code).toBe(5);
    const id = onlyJob(h, ep).id;
    const r = await h.run(['status', id], { env: h.env(ep) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^status\s+FAILED$/m);
    expect(r.stdout).toMatch(/^error\s+.*Injected fault/m);
    expect(r.stdout).not.toMatch(/'message'|None/);
    const c = await h.run(['cancel', id, 'no-such-job-1'], { env: h.env(ep) });
    expect(c.code).toBe(4);
    expect(c.stdout).toBe(`${id} already FAILED; nothing to cancel\n`);
    expect(c.stderr).toMatch(/^rpv: .*no-such-job-1/);
    expect(c.stderr).not.toContain('    at ');
  });
});
