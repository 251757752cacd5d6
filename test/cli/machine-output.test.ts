// The machine-readable outputs of the built binary: `--json`'s object, `--jsonl`'s event lines
// and `--stats`'s one line on stderr.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, onlyJob, withNewline, type Harness } from './harness.js';

let h: Harness;
/** Tokens spaced out, so first token and tokens/s are measurable. */
let paced: Harness;
beforeAll(async () => {
  [h, paced] = await Promise.all([harness({ worker: 'legacy' }), harness({ worker: 'openai', tokenDelayMs: 2 })]);
});
afterAll(async () => {
  await h?.close();
  await paced?.close();
});

const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

describe.each([
  ['streamed', [] as string[]],
  ['--no-stream', ['--no-stream']],
])('--json (%s)', (_label, extra) => {
  test.concurrent('prints one object with the contract fields and types', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--json', '--max-tokens', '12', ...extra, 'json please'], { env: h.env(ep) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const job = onlyJob(h, ep);
    const [text] = h.emu.generate(job.input);
    const out = JSON.parse(r.stdout) as Record<string, any>;
    expect(out.id).toBe(job.id);
    expect(out.status).toBe('COMPLETED');
    expect(out.text).toBe(text);
    expect(out.retries).toBe(0);
    expect(Object.keys(out.usage).sort()).toEqual(expect.arrayContaining(['completion_tokens', 'prompt_tokens']));
    expect(isNumberOrNull(out.usage.prompt_tokens)).toBe(true);
    expect(out.usage.completion_tokens).toBe(12);
    expect(Object.keys(out.timings).sort()).toEqual([
      'executionMs',
      'firstTokenMs',
      'queueMs',
      'tokensPerSecond',
      'totalMs',
    ]);
    for (const k of ['queueMs', 'executionMs', 'firstTokenMs', 'tokensPerSecond']) {
      expect(isNumberOrNull(out.timings[k]), `timings.${k}`).toBe(true);
    }
    expect(typeof out.timings.totalMs).toBe('number');
    expect(out.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(out).not.toHaveProperty('choices');
  });
});

test.concurrent('--jsonl: submitted, status, token and done lines; tokens join to the text', async () => {
  const ep = h.endpoint();
  const r = await h.run(['complete', '--jsonl', '--max-tokens', '15', 'follow along'], { env: h.env(ep) });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const lines = r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);
  const job = onlyJob(h, ep);
  const [text] = h.emu.generate(job.input);
  const kinds = lines.map((l) => l.event);
  expect(kinds[0]).toBe('submitted');
  expect(lines[0]!.id).toBe(job.id);
  expect(kinds).toContain('status');
  expect(kinds.at(-1)).toBe('done');
  expect(kinds.filter((k) => k === 'done')).toHaveLength(1);
  const tokens = lines.filter((l) => l.event === 'token');
  expect(tokens.length).toBeGreaterThan(1);
  expect(tokens.map((t) => t.text).join('')).toBe(text);
  const done = lines.at(-1)!;
  expect(done).toMatchObject({ id: job.id, status: 'COMPLETED', text });
  expect(kinds.indexOf('status')).toBeLessThan(kinds.indexOf('token'));
});

test.concurrent('--stats: one stats line on stderr, stdout only the text', async () => {
  const ep = paced.endpoint();
  const r = await paced.run(['complete', '--stats', '--max-tokens', '9', 'with stats'], { env: paced.env(ep) });
  expect(r.code).toBe(0);
  const [text] = paced.emu.generate(onlyJob(paced, ep).input);
  expect(r.stdout).toBe(withNewline(text!));
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/total \d/);
  expect(lines[0]).toMatch(/tok\/s/);
  expect(lines[0]).toMatch(/0 retries/);
  expect(lines[0]).toMatch(/first token \d/);
});

test.concurrent('--json with a one-shot chat turn', async () => {
  const ep = h.endpoint();
  const r = await h.run(['chat', '--json', '--max-tokens', '6', '-s', 'short', 'hi'], { env: h.env(ep) });
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as { text: string; status: string };
  expect(out.status).toBe('COMPLETED');
  expect(out.text).toBe(h.emu.generate(onlyJob(h, ep).input)[0]);
});

test.concurrent('the OpenAI route has no job: --json says id null, and the text and usage are exact', async () => {
  const ep = h.endpoint();
  const r = await h.run(['complete', '--api', 'openai', '--json', '--max-tokens', '7', 'no job here'], {
    env: h.env(ep),
  });
  expect(r.code).toBe(0);
  const job = h.jobsOn(ep).find((j) => (j.input as { openai_route?: string }).openai_route === '/v1/completions');
  const out = JSON.parse(r.stdout) as Record<string, any>;
  expect(out.id).toBeNull();
  expect(out.status).toBe('COMPLETED');
  expect(out.text).toBe(h.emu.generate(job!.input)[0]);
  expect(out.usage.completion_tokens).toBe(7);
  const lines = await h.run(['complete', '--api', 'openai', '--jsonl', '--max-tokens', '3', 'no job here'], {
    env: h.env(ep),
  });
  for (const line of lines.stdout.trimEnd().split('\n')) {
    const ev = JSON.parse(line) as { id?: unknown };
    if ('id' in ev) expect(ev.id, line).toBeNull();
  }
});
