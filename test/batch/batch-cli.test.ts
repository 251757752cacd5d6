// `rpv batch` as users run it: the built binary against the emulator. Exact text per custom_id on
// both worker generations, every input format, flags as defaults, bad input sends nothing,
// stdout carries only result lines, --errors, --json, failed lines give exit 5.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MODEL_ID } from '../../src/emulator/index.js';
import { harness, type Harness } from '../cli/harness.js';
import { expectExactTexts, ids, parseLines, prompts, readOut, writeInput } from './batch-harness.js';

let proxy: Harness;
let legacy: Harness;
beforeAll(async () => {
  [proxy, legacy] = await Promise.all([harness({ worker: 'openai' }), harness({ worker: 'legacy' })]);
});
afterAll(async () => {
  await proxy?.close();
  await legacy?.close();
});

const MIXED: unknown[] = [
  'hello from a bare string',
  { custom_id: 'm1', messages: [{ role: 'user', content: 'say hi' }], sampling_params: { max_tokens: 5 } },
  'RAW:',
  {
    custom_id: 'o-chat',
    method: 'POST',
    url: '/v1/chat/completions',
    body: { messages: [{ role: 'user', content: 'chat via openai' }], max_tokens: 7 },
  },
  {
    custom_id: 'o-comp',
    method: 'POST',
    url: '/v1/completions',
    body: { prompt: 'complete via openai', max_tokens: 4 },
  },
  { prompt: 'a prompt line without custom_id' },
];

describe.each([
  ['proxy (openai) worker', () => proxy],
  ['legacy worker', () => legacy],
])('%s', (_name, h) => {
  test('every format gives the exact text per custom_id, each once, as OpenAI objects', async () => {
    const ep = h().endpoint();
    const file = writeInput(h(), `mixed-${ep}.jsonl`, MIXED);
    const r = await h().run(['batch', file, '--max-tokens', '6', '-q'], { env: h().env(ep) });
    expect(r.code, r.stderr).toBe(0);
    const lines = parseLines(r.stdout);
    expect(ids(lines).sort()).toEqual(['1', '6', 'm1', 'o-chat', 'o-comp'].sort());
    expectExactTexts(h(), ep, lines);
    const byId = new Map(lines.map((l) => [l.custom_id, l]));
    expect(byId.get('m1')!.response!.body.object).toBe('chat.completion');
    expect(byId.get('o-chat')!.response!.body.object).toBe('chat.completion');
    expect(byId.get('1')!.response!.body.object).toBe('text_completion');
    expect(byId.get('o-comp')!.response!.body.usage).toMatchObject({ completion_tokens: 4 });
    // flags are defaults, line values win; OpenAI lines travel as openai_route jobs, never streamed
    const inputs = h()
      .jobsOn(ep)
      .map((j) => j.input as Record<string, any>);
    const m1 = inputs.find((i) => i.messages?.[0]?.content === 'say hi')!;
    expect(m1.sampling_params).toMatchObject({ max_tokens: 5 });
    expect(m1.stream).toBe(false);
    const bare = inputs.find((i) => i.prompt === 'hello from a bare string')!;
    expect(bare.sampling_params.max_tokens).toBe(6);
    const chat = inputs.find((i) => i.openai_route === '/v1/chat/completions')!;
    expect(chat.openai_input).toMatchObject({ max_tokens: 7, stream: false });
    expect(
      h()
        .requestsOn(ep)
        .filter((q) => q.route === 'stream'),
    ).toHaveLength(0);
  });
});

describe('--api openai', () => {
  test("prompt and messages lines travel as openai_route jobs with the endpoint's first model; texts exact", async () => {
    const ep = proxy.endpoint();
    const file = writeInput(proxy, `api-${ep}.jsonl`, [
      '"plain prompt"',
      { custom_id: 'c', messages: [{ role: 'user', content: 'hi' }] },
    ]);
    const r = await proxy.run(['batch', file, '--api', 'openai', '--max-tokens', '5', '-q'], { env: proxy.env(ep) });
    expect(r.code, r.stderr).toBe(0);
    const lines = parseLines(r.stdout);
    expectExactTexts(proxy, ep, lines);
    // (the model list itself is read through the OpenAI route, which the emulator also runs as a job)
    const inputs = proxy
      .jobsOn(ep)
      .map((j) => j.input as Record<string, any>)
      .filter((i) => i.openai_route !== '/v1/models');
    expect(inputs.map((i) => i.openai_route).sort()).toEqual(['/v1/chat/completions', '/v1/completions']);
    for (const i of inputs) expect(i.openai_input).toMatchObject({ model: MODEL_ID, max_tokens: 5, stream: false });
  });
});

describe('input problems', () => {
  test.each([
    ['a line that is not JSON', ['"ok"', 'RAW:{nope'], /line 2: not valid JSON/],
    [
      'a repeated custom_id',
      [{ custom_id: 'x', prompt: 'a' }, 'RAW:', { custom_id: 'x', prompt: 'b' }],
      /line 3: custom_id "x" repeats line 1/,
    ],
    ['a repeated default custom_id', ['"a"', { custom_id: '1', prompt: 'b' }], /line 2: custom_id "1" repeats line 1/],
    ['an unknown shape', [{ text: 'a' }], /line 1: expected/],
  ])('%s: exit 2 naming the line, nothing sent', async (_name, lines, message) => {
    const ep = proxy.endpoint();
    const file = writeInput(proxy, `bad-${ep}.jsonl`, lines);
    const r = await proxy.run(['batch', file], { env: proxy.env(ep) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('    at ');
    expect(r.stdout).toBe('');
    expect(proxy.requestsOn(ep)).toHaveLength(0);
  });

  test('a missing file, a terminal-less empty stdin and --json without -o are usage errors', async () => {
    const ep = proxy.endpoint();
    expect((await proxy.run(['batch', '/nonexistent/in.jsonl'], { env: proxy.env(ep) })).code).toBe(2);
    expect((await proxy.run(['batch'], { env: proxy.env(ep), stdin: '\n\n' })).stderr).toMatch(/no requests/);
    const file = writeInput(proxy, `j-${ep}.jsonl`, ['"a"']);
    const r = await proxy.run(['batch', file, '--json'], { env: proxy.env(ep) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/-o/);
    expect(proxy.requestsOn(ep)).toHaveLength(0);
  });
});

describe('outputs', () => {
  test('stdin input, stdout only result lines, progress and summary on stderr', async () => {
    const ep = proxy.endpoint();
    const stdin = prompts(12)
      .map((l) => JSON.stringify(l))
      .join('\n');
    const r = await proxy.run(['batch', '--max-tokens', '3'], { env: proxy.env(ep), stdin });
    expect(r.code, r.stderr).toBe(0);
    const lines = parseLines(r.stdout);
    expect(ids(lines).sort()).toEqual(
      prompts(12)
        .map((l) => (l as { custom_id: string }).custom_id)
        .sort(),
    );
    expect(r.stderr).toMatch(/batch completed: 12 ok, 0 failed/);
    expect(r.stderr).toMatch(/queue delay p50 \d+ms p95 \d+ms/);
  });

  test('a gpu in the config gives every result and the summary an estimated cost', async () => {
    const h = proxy;
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_CONFIG_DIR: `${h.home.dir}/cost-config-${ep}` };
    expect((await h.run(['config', 'set', 'gpu', 'A100'], { env })).code).toBe(0);
    const file = writeInput(h, `cost-${ep}.jsonl`, prompts(3));
    const out = `${file}.out`;
    const r = await h.run(['batch', file, '-o', out, '--json', '--max-tokens', '3'], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = readOut(out) as unknown as { rpv: { executionTime: number; costUsd: number } }[];
    for (const l of lines) {
      expect(typeof l.rpv.costUsd).toBe('number');
      expect(l.rpv.costUsd).toBeCloseTo((l.rpv.executionTime / 1000) * 0.00076, 8);
    }
    const total = lines.reduce((sum, l) => sum + l.rpv.costUsd, 0);
    const summary = JSON.parse(r.stdout) as { costUsd: number | null };
    expect(typeof summary.costUsd).toBe('number');
    expect(summary.costUsd).toBeCloseTo(total, 6);
  });

  test('-o, --errors and --json: results in the file, failures in the errors file, the summary on stdout; exit 5', async () => {
    const h = legacy;
    const ep = h.endpoint();
    const file = writeInput(h, `f-${ep}.jsonl`, [
      ...prompts(6),
      { custom_id: 'bad-param', prompt: 'x', sampling_params: { not_a_vllm_field: 1 } },
    ]);
    const out = `${file}.out`;
    const errs = `${file}.err`;
    const r = await h.run(['batch', file, '-o', out, '--errors', errs, '--json', '--max-tokens', '4'], {
      env: h.env(ep),
    });
    expect(r.code, r.stderr).toBe(5);
    const summary = JSON.parse(r.stdout) as Record<string, any>;
    expect(summary).toMatchObject({ status: 'failed', total: 7, succeeded: 6, failed: 1, remaining: 0, costUsd: null });
    expect(summary.httpRequests.run).toBe(7);
    const ok = readOut(out);
    expect(ids(ok).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expectExactTexts(h, ep, ok);
    const failed = readOut(errs);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ custom_id: 'bad-param', response: null, error: { code: 'job_failed' } });
    expect(failed[0]!.error!.message).toMatch(/not_a_vllm_field/);
  });
});
