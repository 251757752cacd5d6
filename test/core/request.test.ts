import { describe, expect, it } from 'vitest';
import {
  buildNativeInput,
  buildOpenAIBody,
  buildRunBody,
  joinPrompt,
  openAIPath,
  samplingParams,
  type ChatMessage,
  type SamplingOptions,
} from '../../src/core/request.js';

const full: SamplingOptions = {
  maxTokens: 64,
  temperature: 0.7,
  topP: 0.9,
  topK: 40,
  minP: 0.05,
  stop: ['\n\n', 'END'],
  repetitionPenalty: 1.1,
  presencePenalty: 0.5,
  frequencyPenalty: -0.5,
  seed: 42,
  n: 2,
  bestOf: 3,
  useBeamSearch: false,
};

describe('samplingParams', () => {
  it('maps every option to its vLLM snake_case key', () => {
    expect(samplingParams(full)).toEqual({
      max_tokens: 64,
      temperature: 0.7,
      top_p: 0.9,
      top_k: 40,
      min_p: 0.05,
      stop: ['\n\n', 'END'],
      repetition_penalty: 1.1,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      seed: 42,
      n: 2,
      best_of: 3,
      use_beam_search: false,
    });
  });

  it('sends only what is set (the legacy worker rejects unknown keys)', () => {
    expect(samplingParams({ maxTokens: 1024 })).toEqual({ max_tokens: 1024 });
    expect(samplingParams({ maxTokens: 5, temperature: 0, seed: 0 })).toEqual({
      max_tokens: 5,
      temperature: 0,
      seed: 0,
    });
  });

  it('merges params last so they override', () => {
    expect(samplingParams({ maxTokens: 5, temperature: 1, params: { temperature: 0.2, ignore_eos: true } })).toEqual({
      max_tokens: 5,
      temperature: 0.2,
      ignore_eos: true,
    });
  });

  it('copies the stop list', () => {
    const o: SamplingOptions = { maxTokens: 1, stop: ['x'] };
    const p = samplingParams(o);
    (p.stop as string[]).push('y');
    expect(o.stop).toEqual(['x']);
  });
});

const messages: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hi' },
];

describe('buildNativeInput', () => {
  const cases: Array<[string, Parameters<typeof buildNativeInput>[0], Record<string, unknown>]> = [
    [
      'prompt',
      { prompt: 'Once', sampling: { maxTokens: 8 }, stream: true },
      { prompt: 'Once', sampling_params: { max_tokens: 8 }, stream: true },
    ],
    [
      'messages',
      { messages, sampling: { maxTokens: 8, n: 2 }, stream: false },
      { messages, sampling_params: { max_tokens: 8, n: 2 }, stream: false },
    ],
    [
      'messages win over prompt',
      { prompt: 'p', messages, sampling: { maxTokens: 1 }, stream: false },
      { messages, sampling_params: { max_tokens: 1 }, stream: false },
    ],
  ];
  it.each(cases)('%s', (_, args, expected) => {
    expect(buildNativeInput(args)).toEqual(expected);
  });

  it('never adds stream_options (legacy SamplingParams would fail on it)', () => {
    const input = buildNativeInput({ prompt: 'x', sampling: { maxTokens: 1 }, stream: true });
    expect(JSON.stringify(input)).not.toContain('stream_options');
  });
});

describe('buildOpenAIBody', () => {
  it('completions body with vLLM extras at top level and usage in the stream', () => {
    expect(buildOpenAIBody({ prompt: 'Once', sampling: full, stream: true, model: 'm' })).toEqual({
      model: 'm',
      prompt: 'Once',
      ...samplingParams(full),
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('chat body without stream_options when not streaming', () => {
    expect(buildOpenAIBody({ messages, sampling: { maxTokens: 3 }, stream: false, model: 'org/model' })).toEqual({
      model: 'org/model',
      messages,
      max_tokens: 3,
      stream: false,
    });
  });

  it('a stream_options param from --param is kept', () => {
    const body = buildOpenAIBody({
      prompt: 'x',
      sampling: { maxTokens: 1, params: { stream_options: { include_usage: false } } },
      stream: true,
      model: 'm',
    });
    expect(body.stream_options).toEqual({ include_usage: false });
  });

  it.each([
    ['prompt', 'completions'],
    ['messages', 'chat/completions'],
  ] as const)('openAIPath(%s) = %s', (kind, path) => {
    expect(openAIPath(kind)).toBe(path);
  });
});

describe('buildRunBody', () => {
  const input = { prompt: 'x' };
  const cases: Array<[string, Parameters<typeof buildRunBody>, Record<string, unknown>]> = [
    ['input only', [input], { input }],
    ['empty policy is left out', [input, {}], { input }],
    [
      'full policy and webhook',
      [input, { executionTimeoutMs: 600_000, ttlMs: 86_400_000, lowPriority: true }, 'https://example.com/hook'],
      {
        input,
        policy: { executionTimeout: 600_000, ttl: 86_400_000, lowPriority: true },
        webhook: 'https://example.com/hook',
      },
    ],
    ['partial policy', [input, { ttlMs: 10_000 }], { input, policy: { ttl: 10_000 } }],
    ['lowPriority false is sent', [input, { lowPriority: false }], { input, policy: { lowPriority: false } }],
  ];
  it.each(cases)('%s', (_, args, expected) => {
    expect(buildRunBody(...args)).toEqual(expected);
  });
});

describe('joinPrompt', () => {
  const cases: Array<[string, string[], string | undefined, string | undefined]> = [
    ['args joined by spaces', ['Tell', 'me', 'a joke'], undefined, 'Tell me a joke'],
    ['stdin only, one trailing newline removed', [], 'line 1\nline 2\n', 'line 1\nline 2'],
    ['only one trailing newline removed', [], 'text\n\n', 'text\n'],
    ['CRLF trailing newline removed', [], 'text\r\n', 'text'],
    ['stdin kept exactly otherwise', [], '  indented\n\ttabs  ', '  indented\n\ttabs  '],
    ['args, blank line, stdin', ['Summarise:'], 'the text\n', 'Summarise:\n\nthe text'],
    ['dash alone means stdin only', ['-'], 'from stdin\n', 'from stdin'],
    ['dash with other args is literal', ['a', '-', 'b'], undefined, 'a - b'],
    ['nothing at all', [], undefined, undefined],
    ['dash without stdin', ['-'], undefined, undefined],
    ['empty stdin is absent', ['hi'], '', 'hi'],
    ['blank stdin is absent', ['hi'], '\n \n', 'hi'],
    ['blank args and stdin', ['  '], '\n', undefined],
    ['empty arg list with empty stdin', [], '', undefined],
  ];
  it.each(cases)('%s', (_, args, stdin, expected) => {
    expect(joinPrompt(args, stdin)).toBe(expected);
  });
});
