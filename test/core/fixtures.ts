// Recorded-shape worker-vllm outputs (runpod-api.md 2.4, 2.5, 2.7), built from content pieces so
// each fixture also knows the text it must decode to.

/** Pieces with multi-byte characters (2-, 3- and 4-byte UTF-8) and JSON-escaped characters. */
export const PIECES = [
  'Bonjour',
  ', ',
  'ça',
  ' va',
  ' très',
  ' bien',
  '.',
  ' 日本',
  '語',
  ' は',
  ' 🙂',
  '\n',
  'He said "hi"',
  ' \\o/',
  '\ttab',
];
export const PIECES_TEXT = PIECES.join('');

const MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';
const sse = (o: unknown): string => `data: ${JSON.stringify(o)}\n\n`;

/** One SSE event per string, as vLLM writes them for /v1/chat/completions with include_usage. */
export function chatSseEvents(
  pieces: string[],
  usage = { prompt_tokens: 12, completion_tokens: pieces.length },
): string[] {
  const base = { id: 'chatcmpl-5c1e0d6f1a2b4c3d', object: 'chat.completion.chunk', created: 1755000000, model: MODEL };
  const events = [
    sse({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
    }),
  ];
  pieces.forEach((content, i) => {
    const last = i === pieces.length - 1;
    events.push(
      sse({
        ...base,
        choices: [
          {
            index: 0,
            delta: { content },
            logprobs: null,
            finish_reason: last ? 'stop' : null,
            ...(last ? { stop_reason: null } : {}),
          },
        ],
      }),
    );
  });
  events.push(
    sse({ ...base, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }),
  );
  events.push('data: [DONE]\n\n');
  return events;
}

/** SSE events of /v1/completions streaming with n choices; `pieces[i]` feeds choice i, interleaved. */
export function completionSseEvents(pieces: string[][], finish = 'length'): string[] {
  const base = { id: 'cmpl-8f0c2b7e9d4a', object: 'text_completion', created: 1755000001, model: MODEL };
  const events: string[] = [];
  const longest = Math.max(...pieces.map((p) => p.length));
  for (let step = 0; step < longest; step++) {
    pieces.forEach((list, index) => {
      const text = list[step];
      if (text === undefined) return;
      const last = step === list.length - 1;
      events.push(
        sse({
          ...base,
          choices: [{ index, text, logprobs: null, finish_reason: last ? finish : null, stop_reason: null }],
          usage: null,
        }),
      );
    });
  }
  events.push('data: [DONE]\n\n');
  return events;
}

/** Legacy openai_route stream (RAW_OPENAI_OUTPUT=1): items hold 1, 3, 9, ... whole events. */
export function batchEvents(events: string[]): string[] {
  const items: string[] = [];
  for (let i = 0, size = 1; i < events.length; i += size, size = Math.min(size * 3, 50)) {
    items.push(events.slice(i, i + size).join(''));
  }
  return items;
}

/** Legacy native streaming: batches of token deltas (1, 3, 9, ...) per choice, running usage. */
export function legacyBatches(choices: string[][], promptTokens = 7): unknown[] {
  const items: unknown[] = [];
  const longest = Math.max(...choices.map((c) => c.length));
  let produced = 0;
  for (let start = 0, size = 1; start < longest; start += size, size = Math.min(size * 3, 50)) {
    produced = Math.min(start + size, longest) * choices.length;
    items.push({
      choices: choices.map((tokens) => ({ tokens: tokens.slice(start, start + size) })),
      usage: { input: promptTokens, output: produced },
    });
  }
  return items;
}

/** Proxy generation, non-streaming `prompt`: the one-element /status output list. */
export function textCompletionOutput(texts: string[]): unknown[] {
  return [
    {
      id: 'cmpl-0a1b2c3d',
      object: 'text_completion',
      created: 1755000002,
      model: MODEL,
      choices: texts.map((text, index) => ({
        index,
        text,
        logprobs: null,
        finish_reason: 'length',
        stop_reason: null,
        prompt_logprobs: null,
      })),
      usage: { prompt_tokens: 5, total_tokens: 21, completion_tokens: 16, prompt_tokens_details: null },
    },
  ];
}

/** Proxy generation, non-streaming `messages`: a chat.completion in a one-element list. */
export function chatCompletionOutput(content: string): unknown[] {
  return [
    {
      id: 'chatcmpl-9e8d7c6b',
      object: 'chat.completion',
      created: 1755000003,
      model: MODEL,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null, tool_calls: [], reasoning_content: null },
          logprobs: null,
          finish_reason: 'stop',
          stop_reason: null,
        },
      ],
      usage: { prompt_tokens: 20, total_tokens: 29, completion_tokens: 9 },
      prompt_logprobs: null,
    },
  ];
}

/** Legacy openai_route /v1/responses stream: `event:` + `data:` pairs. */
export function responsesSseEvents(pieces: string[]): string[] {
  const ev = (type: string, o: object): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...o })}\n\n`;
  return [
    ev('response.created', { response: { id: 'resp_1', status: 'in_progress' }, sequence_number: 0 }),
    ...pieces.map((delta, i) =>
      ev('response.output_text.delta', {
        item_id: 'msg_1',
        output_index: 0,
        content_index: 0,
        delta,
        sequence_number: i + 1,
      }),
    ),
    ev('response.completed', {
      response: {
        id: 'resp_1',
        status: 'completed',
        usage: { input_tokens: 9, output_tokens: pieces.length, total_tokens: 9 + pieces.length },
      },
    }),
  ];
}

/** FAILED `error` strings as the service sends them (runpod-api.md 2.7). */
export const FAILED_ERRORS = {
  proxyHttp400:
    '{\'message\': \'vLLM returned HTTP 400: {"error":{"message":"max_tokens must be at least 1, got 0.","type":"BadRequestError","param":null,"code":400}}\', \'type\': \'worker_error\', \'code\': None}',
  proxyHttp404:
    '{\'message\': \'vLLM returned HTTP 404: {"error":{"message":"The model `x` does not exist.","type":"NotFoundError","param":"model","code":404}}\', \'type\': \'worker_error\', \'code\': None}',
  proxyDead:
    "{'message': 'vLLM server process is not running; worker is unhealthy', 'type': 'worker_error', 'code': None}",
  legacyEngine:
    "{'error': {'message': \"This model's maximum context length is 2048 tokens. However, you requested 4096 tokens.\", 'type': 'BadRequestError', 'param': None, 'code': 400}}",
  legacyOpenAIRoute: "{'message': 'Invalid route: /v1/foo', 'type': 'BadRequestError', 'param': None, 'code': 400}",
  handlerRaised:
    'handler: CUDA out of memory. Tried to allocate 2.00 GiB \ntraceback: Traceback (most recent call last):\n  File "/src/handler.py", line 42, in handler\n    async for batch in gen:\ntorch.OutOfMemoryError: CUDA out of memory.',
  plainFunction: JSON.stringify({
    error_type: "<class 'ValueError'>",
    error_message: 'prompt must be a string',
    error_traceback:
      'Traceback (most recent call last):\n  File "handler.py", line 3\nValueError: prompt must be a string',
    hostname: 'abc123',
    worker_id: 'w-1',
    runpod_version: '1.12.0',
  }),
  badSamplingKey: "__init__() got an unexpected keyword argument 'stream_options'",
};
