// Issue 11 through the built binary: reasoning models (kept out of stdout, --show-reasoning,
// --json/--jsonl), exact usage with speculative deltas on the proxy worker and no unknown key
// for a legacy one, finishReason, every error shape with its exit code, and `rpv models`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MODEL_ID } from '../../src/emulator/index.js';
import { expectOneError, harness, withNewline, type Harness } from './harness.js';

let reasoning: Harness; // proxy worker, reasoning model, speculative decoding
let legacy: Harness;
let faulty: Harness; // proxy worker, faults armed one test at a time
beforeAll(async () => {
  [reasoning, legacy, faulty] = await Promise.all([
    harness({ worker: 'openai', modelKind: 'reasoning', speculativeTokens: 3 }),
    harness({ worker: 'legacy' }),
    harness({ worker: 'openai' }),
  ]);
});
afterEach(() => faulty?.emu.setFaults([]));
afterAll(async () => {
  await Promise.all([reasoning?.close(), legacy?.close(), faulty?.close()]);
});

const T = { timeout: 30_000 };
type Json = Record<string, any>;
const jobInput = (h: Harness, ep: string, n: number) => h.jobsOn(ep)[n]!.input as Json;

describe('reasoning models', () => {
  for (const api of ['native', 'openai'] as const) {
    for (const stream of [true, false]) {
      const label = `${api}, ${stream ? 'streamed' : '--no-stream'}`;
      test.concurrent(`${label}: stdout is the answer only; --json carries the reasoning`, T, async () => {
        const ep = reasoning.endpoint();
        const args = ['chat', '--api', api, '--max-tokens', '60', ...(stream ? [] : ['--no-stream'])];
        const plain = await reasoning.run([...args, 'think about it'], { env: reasoning.env(ep) });
        expect(plain.code, plain.stderr).toBe(0);
        const [planned] = reasoning.emu.generateChoices(jobInput(reasoning, ep, api === 'openai' ? 1 : 0));
        expect(planned!.reasoning).not.toBe('');
        expect(plain.stdout).toBe(withNewline(planned!.text));
        expect(plain.stdout).not.toContain(planned!.reasoning.trim());
        expect(plain.stderr).not.toContain(planned!.reasoning.trim());

        const json = await reasoning.run([...args, '--json', 'think about it'], { env: reasoning.env(ep) });
        const out = JSON.parse(json.stdout) as Json;
        expect(out.text).toBe(planned!.text);
        expect(out.reasoning).toBe(planned!.reasoning);
        expect(out.finishReason).toBe(planned!.finishReason);
      });
    }
  }

  test.concurrent('--show-reasoning writes the reasoning to stderr, never stdout', T, async () => {
    const ep = reasoning.endpoint();
    const r = await reasoning.run(['chat', '--show-reasoning', '--max-tokens', '60', 'why'], {
      env: reasoning.env(ep),
    });
    expect(r.code).toBe(0);
    const [planned] = reasoning.emu.generateChoices(jobInput(reasoning, ep, 0));
    expect(r.stderr).toContain(planned!.reasoning.trim());
    expect(r.stdout).toBe(withNewline(planned!.text));
  });

  test.concurrent('--jsonl has reasoning events apart from token events', T, async () => {
    const ep = reasoning.endpoint();
    const r = await reasoning.run(['chat', '--jsonl', '--max-tokens', '60', 'why'], { env: reasoning.env(ep) });
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    const [planned] = reasoning.emu.generateChoices(jobInput(reasoning, ep, 0));
    const joined = (kind: string) =>
      lines
        .filter((l) => l.event === kind)
        .map((l) => l.text)
        .join('');
    expect(joined('reasoning')).toBe(planned!.reasoning);
    expect(joined('token')).toBe(planned!.text);
    expect(lines.at(-1)!.finishReason).toBe(planned!.finishReason);
  });

  test.concurrent(
    'cut by --max-tokens while still reasoning: empty answer, a note naming --max-tokens, finishReason length',
    T,
    async () => {
      const ep = reasoning.endpoint();
      const r = await reasoning.run(['chat', '--json', '--max-tokens', '5', 'why'], { env: reasoning.env(ep) });
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Json;
      expect(out.text).toBe('');
      expect(out.reasoning).not.toBe('');
      expect(out.finishReason).toBe('length');
      expect(r.stderr).toMatch(/still reasoning/);
      expect(r.stderr).toMatch(/--max-tokens/);
    },
  );
});

describe('exact usage', () => {
  test.concurrent(
    'proxy worker with speculative deltas: the second job asks for usage and counts exactly',
    T,
    async () => {
      const ep = reasoning.endpoint();
      const args = ['complete', '--json', '--max-tokens', '40', 'count me'];
      const first = JSON.parse((await reasoning.run(args, { env: reasoning.env(ep) })).stdout) as Json;
      // Nothing is known before a job's output showed the generation: no option sent, an estimate.
      expect(jobInput(reasoning, ep, 0).sampling_params.stream_options).toBeUndefined();
      expect(first.usage.estimated).toBe(true);
      const second = JSON.parse((await reasoning.run(args, { env: reasoning.env(ep) })).stdout) as Json;
      expect(jobInput(reasoning, ep, 1).sampling_params.stream_options).toEqual({ include_usage: true });
      const [planned] = reasoning.emu.generateChoices(jobInput(reasoning, ep, 1));
      expect(second.usage.completion_tokens).toBe(planned!.completionTokens);
      expect(second.usage.estimated).toBeUndefined();
      expect(second.finishReason).toBe('length');
    },
  );

  test.concurrent('a legacy worker is never sent an unknown sampling key', T, async () => {
    const ep = legacy.endpoint();
    for (let i = 0; i < 3; i++) {
      const r = await legacy.run(['complete', '--max-tokens', '20', 'hi'], { env: legacy.env(ep) });
      expect(r.code, r.stderr).toBe(0);
    }
    const jobs = legacy.jobsOn(ep);
    expect(jobs).toHaveLength(3);
    for (const j of jobs) expect(Object.keys((j.input as Json).sampling_params)).toEqual(['max_tokens']);
    expect(jobs.every((j) => j.status === 'COMPLETED')).toBe(true);
  });

  test.concurrent('finishReason per choice with -n 2', T, async () => {
    const ep = faulty.endpoint();
    const r = await faulty.run(['complete', '--json', '-n', '2', '--max-tokens', '8', 'two'], { env: faulty.env(ep) });
    const out = JSON.parse(r.stdout) as Json;
    expect(out.choices.map((c: Json) => c.finishReason)).toEqual(['length', 'length']);
  });
});

describe('error shapes', () => {
  for (const fault of [
    'openai-error-200',
    'openai-error-4xx',
    'openai-error-string',
    'openai-error-detail',
    'openai-error-text',
  ]) {
    for (const stream of [true, false]) {
      test(
        `${fault}${stream ? '' : ' --no-stream'}: the worker's words, exit 5, one job, the models listed`,
        T,
        async () => {
          faulty.emu.setFaults([{ name: fault as never }]);
          const ep = faulty.endpoint();
          const r = await faulty.run(
            ['complete', '--api', 'openai', '--model', 'nope', ...(stream ? [] : ['--no-stream']), 'hi'],
            { env: faulty.env(ep) },
          );
          expect(r.code).toBe(5);
          expectOneError(r, /The model `nope` does not exist/);
          expect(r.stderr).not.toMatch(/'type'|worker_error|\{'/);
          expect(r.stderr).toContain(`available models: ${MODEL_ID}`);
          expect(r.stdout).toBe('');
          expect(faulty.jobsOn(ep).filter((j) => (j.input as Json).openai_route !== '/v1/models')).toHaveLength(1);
        },
      );
    }
  }

  test('a COMPLETED job without output is exit 5 with --no-stream; --json says COMPLETED and failed', T, async () => {
    faulty.emu.setFaults([{ name: 'no-output' as never }]);
    const ep = faulty.endpoint();
    const r = await faulty.run(['complete', '--no-stream', '--json', 'hi'], { env: faulty.env(ep) });
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout) as Json;
    expect(out.status).toBe('COMPLETED');
    expect(out.error).toMatchObject({ exitCode: 5, failed: true });
    expect(out.error.message).toMatch(/without any output/);
  });

  test('an error dict inside a COMPLETED output: exit 5, --json reports both facts', T, async () => {
    faulty.emu.setFaults([{ name: 'error-in-output' as never }]);
    const ep = faulty.endpoint();
    const r = await faulty.run(['complete', '--json', 'hi'], { env: faulty.env(ep) });
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout) as Json;
    expect(out.status).toBe('COMPLETED');
    expect(out.error.failed).toBe(true);
    expect(out.error.message).not.toMatch(/\{'/);
  });

  test('the error of a terminal /stream reply is used when /status has none', T, async () => {
    faulty.emu.setFaults([{ name: 'stream-only-error' as never }]);
    const ep = faulty.endpoint();
    const r = await faulty.run(['complete', '--max-tokens', '30', 'hi'], { env: faulty.env(ep) });
    expect(r.code).toBe(5);
    expect(r.stderr).not.toMatch(/gave no reason/);
    expectOneError(r, /failed: \S/);
  });

  test('a vLLM SSE error event inside a COMPLETED job is a failure with its message', T, async () => {
    faulty.emu.setFaults([{ name: 'vllm-error-event' as never }]);
    const ep = faulty.endpoint();
    const r = await faulty.run(['complete', '--max-tokens', '30', 'hi'], { env: faulty.env(ep) });
    expect(r.code).toBe(5);
    expectOneError(r, /vLLM failed mid-stream/);
  });
});

describe('rpv models', () => {
  test.concurrent('one model per line; --json the list object', T, async () => {
    const ep = faulty.endpoint();
    const r = await faulty.run(['models'], { env: faulty.env(ep) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${MODEL_ID}\n`);
    const j = await faulty.run(['models', '--json'], { env: faulty.env(ep) });
    const list = JSON.parse(j.stdout) as Json;
    expect(list.object).toBe('list');
    expect(list.data.map((m: Json) => m.id)).toEqual([MODEL_ID]);
  });

  test.concurrent('an unknown endpoint is exit 4', T, async () => {
    const r = await faulty.run(['models'], { env: faulty.env('missing-endpoint') });
    expect(r.code).toBe(4);
    expectOneError(r);
  });
});

describe('status --wait', () => {
  test.concurrent(
    'reads /status once after the end: the answer printed is the one that ended the wait',
    T,
    async () => {
      const ep = faulty.endpoint();
      const d = await faulty.run(['complete', '--detach', '--max-tokens', '5', 'hi'], { env: faulty.env(ep) });
      const id = d.stdout.trim();
      for (let i = 0; i < 100 && faulty.jobsOn(ep)[0]?.status !== 'COMPLETED'; i++)
        await new Promise((r) => setTimeout(r, 50));
      const r = await faulty.run(['status', id, '--wait', '--json'], { env: faulty.env(ep) });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id, status: 'COMPLETED' });
      expect(faulty.requestsOn(ep).filter((q) => q.route === 'status')).toHaveLength(1);
    },
  );
});

describe('chat sessions with a reasoning model', () => {
  test.concurrent('the reasoning is saved with the answer but never sent back as its content', T, async () => {
    const ep = reasoning.endpoint();
    const name = `think-${ep}`;
    const first = await reasoning.run(['chat', '--session', name, '--max-tokens', '60', 'first'], {
      env: reasoning.env(ep),
    });
    expect(first.code, first.stderr).toBe(0);
    const [planned] = reasoning.emu.generateChoices(jobInput(reasoning, ep, 0));
    const saved = JSON.parse(
      readFileSync(join(reasoning.home.env.RPV_DATA_DIR!, 'sessions', `${name}.json`), 'utf8'),
    ) as Json;
    expect(saved.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: planned!.text,
      reasoning: planned!.reasoning,
    });
    await reasoning.run(['chat', '--session', name, '--max-tokens', '20', 'second'], { env: reasoning.env(ep) });
    const sent = jobInput(reasoning, ep, 1).messages as Json[];
    expect(sent[1]).toEqual({ role: 'assistant', content: planned!.text });
  });
});
