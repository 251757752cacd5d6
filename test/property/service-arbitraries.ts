// fast-check generators of hostile service behaviour: replies of the right shape with wrong
// types, random JSON, truncated bodies, HTML pages, dropped sockets, random status codes, and
// worker output items of every generation cut anywhere (SSE fragments included).
import fc from 'fast-check';
import { TEST_KEY } from '../helpers/cli.js';
import type { FakeReply, Script } from './fake-service.js';

const STATUSES = [
  'IN_QUEUE',
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMED_OUT',
  'RUNNING',
  'completed',
  'ERROR',
];
const CODES = [200, 200, 201, 204, 301, 400, 401, 403, 404, 408, 409, 413, 425, 429, 500, 501, 502, 503, 504, 520, 524];

/** Strings a hostile or careless service might send back: escapes, bells, the caller's own key. */
const NASTY = [
  '\u001b[2J\u001b[H',
  '\u001b]0;owned\u0007',
  '\u009b31m',
  '\r\n',
  'Bearer ' + TEST_KEY,
  TEST_KEY,
  encodeURIComponent(TEST_KEY),
];

const json = fc.jsonValue({ maxDepth: 3 });
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24, unit: 'binary' }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...NASTY)).map(([a, b]) => `${a}${b}`),
  },
);
const statusValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STATUSES) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: json },
);

/** One SSE event of a completion or chat chunk, possibly with usage, or the end marker. */
const sseEvent = fc.oneof(
  fc
    .record({ index: fc.nat(2), text })
    .map(
      ({ index, text: t }) =>
        `data: ${JSON.stringify({ object: 'text_completion', choices: [{ index, text: t }] })}\n\n`,
    ),
  text.map(
    (t) =>
      `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: t } }] })}\n\n`,
  ),
  fc
    .nat(50)
    .map((n) => `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: n, completion_tokens: n } })}\n\n`),
  fc.constant('data: [DONE]\n\n'),
  fc.constant(': keep-alive\r\n\r\n'),
  text.map((t) => `data: ${JSON.stringify({ error: { message: t } })}\n\n`),
);

/** SSE text cut at a random point (the proxy worker's byte slices), or plain noise. */
const sseFragment = fc.oneof(
  sseEvent,
  fc.tuple(sseEvent, fc.nat()).map(([e, n]) => e.slice(0, n % (e.length + 1))),
  fc.tuple(sseEvent, fc.nat()).map(([e, n]) => e.slice(n % (e.length + 1))),
  text,
);

/** One worker output item of either generation, or something else entirely. */
const outputItem = fc.oneof(
  { weight: 3, arbitrary: sseFragment },
  {
    weight: 2,
    arbitrary: fc.record({
      choices: fc.array(fc.record({ tokens: fc.array(fc.oneof(text, json), { maxLength: 4 }) }), { maxLength: 2 }),
      usage: fc.option(fc.record({ input: fc.oneof(fc.nat(), json), output: fc.oneof(fc.nat(), json) }), {
        nil: undefined,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      object: fc.constantFrom('text_completion', 'chat.completion'),
      choices: fc.array(
        fc.record({ index: fc.oneof(fc.nat(3), json), text, message: fc.record({ content: fc.oneof(text, json) }) }),
        { maxLength: 2 },
      ),
      usage: fc.option(
        fc.record({ prompt_tokens: fc.oneof(fc.nat(), json), completion_tokens: fc.oneof(fc.nat(), json) }),
        { nil: undefined },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ error: fc.oneof(text, json) }) },
  { weight: 1, arbitrary: json },
);

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

const runValue = fc.oneof(
  { weight: 12, arbitrary: fc.record({ id: fc.stringMatching(/^[a-z0-9-]{1,12}$/), status: statusValue }) },
  { weight: 1, arbitrary: fc.record({ id: fc.oneof(json, fc.constant('')), status: maybe(statusValue) }) },
  { weight: 1, arbitrary: json },
);

const streamValue = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      status: statusValue,
      stream: fc.oneof(
        { weight: 5, arbitrary: fc.array(fc.record({ output: outputItem }), { maxLength: 4 }) },
        { weight: 1, arbitrary: json },
      ),
    }),
  },
  { weight: 1, arbitrary: json },
);

const TERMINAL = ['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];

/** The reply that usually ends a job: a terminal status, with output (COMPLETED) or an error. */
const terminalStatus = fc.record({
  status: fc.constantFrom(...TERMINAL),
  output: fc.oneof(
    { weight: 5, arbitrary: fc.array(outputItem, { maxLength: 5 }) },
    { weight: 1, arbitrary: outputItem },
  ),
  error: maybe(fc.oneof(text, json)),
  delayTime: maybe(fc.nat(5000)),
  executionTime: maybe(fc.nat(5000)),
});

const terminalStream = fc.record({
  status: fc.constantFrom(...TERMINAL),
  stream: fc.array(fc.record({ output: outputItem }), { maxLength: 3 }),
});

const statusObject = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      status: statusValue,
      output: maybe(
        fc.oneof(
          { weight: 4, arbitrary: fc.array(outputItem, { maxLength: 4 }) },
          { weight: 1, arbitrary: outputItem },
        ),
      ),
      error: maybe(fc.oneof(text, json)),
      delayTime: maybe(fc.oneof(fc.nat(5000), json)),
      executionTime: maybe(fc.oneof(fc.nat(5000), json)),
      workerId: maybe(fc.oneof(text, json)),
    }),
  },
  { weight: 1, arbitrary: json },
);

const HTML = '<!DOCTYPE html><html><head><title>502 Bad gateway</title></head><body>edge</body></html>';

/** A reply carrying `value` as JSON, or one of the ways a reply goes wrong. */
function replyOf(value: fc.Arbitrary<unknown>, retryAfter: fc.Arbitrary<string | undefined>): fc.Arbitrary<FakeReply> {
  const body = value.map((v) => JSON.stringify(v) ?? 'null');
  const broken: fc.Arbitrary<FakeReply> = fc
    .record({
      status: fc.oneof(fc.constantFrom(...CODES), fc.integer({ min: 200, max: 599 })),
      body: fc.oneof(
        text.map((t) => JSON.stringify({ error: t })),
        fc.constant(HTML),
        text,
      ),
      contentType: fc.constantFrom('application/json', 'text/html; charset=UTF-8', 'text/plain'),
      retryAfter,
    })
    .map(({ retryAfter: r, ...rest }) => (r === undefined ? rest : { ...rest, headers: { 'retry-after': r } }));
  return fc.oneof(
    { weight: 12, arbitrary: body.map((b): FakeReply => ({ status: 200, body: b })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(body, fc.nat())
        .map(([b, n]): FakeReply => ({ status: 200, body: b, cutAt: n % (b.length + 1) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(body, fc.nat())
        .map(([b, n]): FakeReply => ({ status: 200, body: b.slice(0, n % (b.length + 1)) })),
    },
    { weight: 2, arbitrary: broken },
    { weight: 1, arbitrary: fc.constant<FakeReply>({ status: 0, body: '', drop: true }) },
  );
}

/** Up to `max` random replies, then (mostly) a well-formed terminal one, so many runs get far. */
function endingWith(
  random: fc.Arbitrary<FakeReply>,
  terminal: fc.Arbitrary<unknown>,
  max: number,
): fc.Arbitrary<FakeReply[]> {
  const last = terminal.map((v): FakeReply => ({ status: 200, body: JSON.stringify(v) }));
  return fc
    .tuple(fc.array(random, { maxLength: max }), fc.option(last, { freq: 4, nil: undefined }))
    .map(([head, tail]) => (tail === undefined ? head : [...head, tail]));
}

/** A whole scenario: scripts for /run, /stream, /status, /cancel and how rpv is asked to run. */
export interface Scenario {
  script: Script;
  stream: boolean;
  retries: number;
}

/** Scenarios; `retryAfter` decides what Retry-After values may appear (real waits for spawned runs). */
export function scenario(
  retryAfter: fc.Arbitrary<string | undefined> = fc.constantFrom(undefined, '0', 'soon', '1e9'),
): fc.Arbitrary<Scenario> {
  return fc.record({
    script: fc.record({
      run: fc.oneof(
        { weight: 3, arbitrary: runValue.map((v): FakeReply[] => [{ status: 200, body: JSON.stringify(v) }]) },
        { weight: 1, arbitrary: fc.array(replyOf(runValue, retryAfter), { minLength: 1, maxLength: 2 }) },
      ),
      stream: endingWith(replyOf(streamValue, retryAfter), terminalStream, 3),
      status: endingWith(replyOf(statusObject, retryAfter), terminalStatus, 2),
      cancel: fc.array(replyOf(fc.record({ status: statusValue }), retryAfter), { maxLength: 1 }),
    }),
    stream: fc.boolean(),
    retries: fc.nat(2),
  });
}
