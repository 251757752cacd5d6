// stdout of the built binary is byte for byte the generated text (plus one newline when it lacks
// one), for both worker generations, every prompt source, `complete` and one-shot `chat`.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, onlyJob, withNewline, type Harness } from './harness.js';

const GENERATIONS = ['legacy', 'openai'] as const;

describe.each(GENERATIONS)('plain output, %s worker', (worker) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ worker });
  });
  afterAll(() => h?.close());

  /** Runs, then checks the job's prompt and that stdout is exactly its generated text. */
  async function expectExact(
    args: string[],
    stdin: string | undefined,
    check: (input: Record<string, unknown>) => void,
  ) {
    const ep = h.endpoint();
    const r = await h.run(args, { env: h.env(ep), stdin });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const job = onlyJob(h, ep);
    expect(job.status).toBe('COMPLETED');
    const input = job.input as Record<string, unknown>;
    check(input);
    const [text] = h.emu.generate(input);
    expect(text).toBeTruthy();
    expect(r.stdoutBytes.equals(Buffer.from(withNewline(text!), 'utf8'))).toBe(true);
    expect(r.stdout).toBe(withNewline(text!));
    return { input, text: text!, r };
  }

  test.concurrent('complete: prompt from arguments, streamed', async () => {
    const { input } = await expectExact(
      ['complete', '--max-tokens', '24', 'Tell', 'me', 'about', 'GPUs'],
      undefined,
      (input) => {
        expect(input.prompt).toBe('Tell me about GPUs');
        expect(input.stream).toBe(true);
      },
    );
    expect(input.sampling_params).toMatchObject({ max_tokens: 24 });
  });

  test.concurrent('complete: prompt from stdin only, streamed', async () => {
    await expectExact(['complete', '--max-tokens', '20'], 'line one\nline two\n', (input) => {
      expect(input.prompt).toBe('line one\nline two');
    });
  });

  test.concurrent('complete: `-` reads stdin only', async () => {
    await expectExact(['complete', '--max-tokens', '16', '-'], 'only stdin', (input) => {
      expect(input.prompt).toBe('only stdin');
    });
  });

  test.concurrent('complete: arguments, a blank line, then stdin', async () => {
    await expectExact(['complete', '--max-tokens', '20', 'Summarise', 'this:'], 'the piped text\n', (input) => {
      expect(input.prompt).toBe('Summarise this:\n\nthe piped text');
    });
  });

  test.concurrent('complete --no-stream', async () => {
    await expectExact(['complete', '--no-stream', '--max-tokens', '22', 'non streaming prompt'], undefined, (input) => {
      expect(input.prompt).toBe('non streaming prompt');
      expect(input.stream).toBe(false);
    });
  });

  test.concurrent('chat: one turn with --system, streamed', async () => {
    await expectExact(['chat', '--max-tokens', '18', '-s', 'You are terse.', 'Hello', 'there'], undefined, (input) => {
      expect(input.messages).toEqual([
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello there' },
      ]);
      expect(input.stream).toBe(true);
    });
  });

  test.concurrent('chat: one turn from stdin, --no-stream', async () => {
    await expectExact(['chat', '--no-stream', '--max-tokens', '18'], 'a piped message\n', (input) => {
      expect(input.messages).toEqual([{ role: 'user', content: 'a piped message' }]);
      expect(input.stream).toBe(false);
    });
  });

  test.concurrent('chat: arguments and stdin make one message', async () => {
    await expectExact(['chat', '--max-tokens', '12', '--system', 'sys', 'Read:'], 'stdin part', (input) => {
      expect(input.messages).toEqual([
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'Read:\n\nstdin part' },
      ]);
    });
  });

  test.concurrent('a text that already ends in a newline gets no second one', async () => {
    const maxTokens = 8;
    let prompt: string | undefined;
    for (let i = 0; i < 2000 && prompt === undefined; i++) {
      const candidate = `newline probe ${i}`;
      const [text] = h.emu.generate({ prompt: candidate, sampling_params: { max_tokens: maxTokens }, stream: true });
      if (text?.endsWith('\n')) prompt = candidate;
    }
    expect(prompt, 'no prompt found whose text ends in a newline').toBeDefined();
    const { text, r } = await expectExact(
      ['complete', '--max-tokens', String(maxTokens), prompt!],
      undefined,
      (input) => {
        expect(input.prompt).toBe(prompt);
      },
    );
    expect(text.endsWith('\n')).toBe(true);
    expect(r.stdout).toBe(text);
  });

  test.concurrent('-n 2 --json: one choice per generated text', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '-n', '2', '--json', '--max-tokens', '10', 'two choices'], { env: h.env(ep) });
    expect(r.code).toBe(0);
    const job = onlyJob(h, ep);
    expect(job.input).toMatchObject({ prompt: 'two choices', sampling_params: { n: 2, max_tokens: 10 } });
    const texts = h.emu.generate(job.input);
    expect(texts).toHaveLength(2);
    expect(texts[0]).not.toBe(texts[1]);
    const out = JSON.parse(r.stdout) as { text: string; choices: { index: number; text: string }[] };
    // The legacy native output carries no finish_reason; the proxy worker's does.
    expect(out.choices).toEqual(
      texts.map((text, index) => ({ index, text, finishReason: worker === 'legacy' ? null : 'length' })),
    );
    expect(out.text).toBe(texts[0]);
  });

  test.concurrent('--api openai: the OpenAI route streams the same kind of exact text', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--api', 'openai', '--max-tokens', '14', 'over the openai route'], {
      env: h.env(ep),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const jobs = h.jobsOn(ep).filter((j) => (j.input as { openai_route?: string }).openai_route === '/v1/completions');
    expect(jobs).toHaveLength(1);
    const input = jobs[0]!.input as { openai_input: { prompt: string; max_tokens: number } };
    expect(input.openai_input).toMatchObject({ prompt: 'over the openai route', max_tokens: 14 });
    const [text] = h.emu.generate(input);
    expect(r.stdout).toBe(withNewline(text!));
  });
});
