// The OpenAI-compatible route (`--api openai`) as the same JobEvent stream as a native job,
// through the same lifecycle (deadline, abort, retry accounting, one terminal event). The
// platform queues a job behind the HTTP request but never shows its ID, so there is no
// `/cancel` to send: aborting closes the request, which is all a client can do on this route.
import { JobFailedError, NotFoundError, ServiceUnavailableError } from '../errors.js';
import type { JobEvent, Timings, Usage } from '../events.js';
import { OutputDecoder, type DecodedDelta } from '../output-decoder.js';
import type { RunpodClient } from '../runpod-client.js';
import { JobLifecycle } from './lifecycle.js';

/** What `runOpenAIJob` needs. */
export interface OpenAIJobOptions {
  client: RunpodClient;
  /** `completions` or `chat/completions`. */
  path: string;
  /** The request body for a model name. */
  body: (model: string) => Record<string, unknown>;
  /** The model; when absent the first one `/models` lists is used. */
  model?: string;
  stream: boolean;
  signal?: AbortSignal;
  deadline?: number;
  now?: () => number;
}

/** The JSON value of `text`, else the text itself. */
function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Runs one request on the OpenAI route; ends with exactly one done, error or cancelled. */
export function runOpenAIJob(o: OpenAIJobOptions): AsyncGenerator<JobEvent> {
  const life = new JobLifecycle({ client: o.client, signal: o.signal, deadline: o.deadline, now: o.now });
  const now = life.now;
  const start = now();
  const decoder = new OutputDecoder();
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  const timings = (at: number): Timings => {
    const t: Timings = { totalMs: at - start };
    if (firstAt !== undefined) t.firstTokenMs = firstAt - start;
    const tokens = decoder.usage?.completionTokens ?? decoder.chunkCount;
    if (firstAt !== undefined && lastAt !== undefined && lastAt > firstAt && tokens > 1) {
      t.tokensPerSecond = tokens / ((lastAt - firstAt) / 1000);
    }
    return t;
  };
  life.progress = { partial: () => decoder.texts.map((t) => t ?? ''), timings };
  const tokens = (deltas: readonly DecodedDelta[]): void => {
    for (const d of deltas) {
      const at = now();
      firstAt ??= at;
      lastAt = at;
      life.emit({ type: d.reasoning ? 'reasoning' : 'token', index: d.index, text: d.text, at });
    }
  };
  // The HTTP calls keep the command's deadline too, so a call never outlives it.
  const call = () => ({ ...life.callOpts(), deadline: o.deadline });

  /** An unknown model's error names the ones the endpoint serves (one quick /models call). */
  const withModels = async (err: unknown, model: string): Promise<never> => {
    if (
      err instanceof JobFailedError &&
      /model/i.test(err.message) &&
      /does not exist|not found|NotFoundError/i.test(err.message)
    ) {
      try {
        const list = await o.client.openaiModels({ ...call(), retries: 0 });
        const ids = (list.data ?? []).map((m) => m.id).filter((id) => id !== model);
        if (ids.length > 0) err.hint = `available models: ${ids.slice(0, 20).join(', ')} (see: rpv models)`;
      } catch {
        // the hint is a courtesy
      }
    }
    throw err;
  };

  return life.events(async () => {
    let model = o.model;
    if (!model) {
      const list = await o.client.openaiModels(call());
      model = list.data?.[0]?.id;
      if (!model) throw new NotFoundError('the endpoint lists no models; pass --model <name>');
    }
    life.emit({ type: 'status', jobId: '', status: 'IN_PROGRESS', phase: 'generating', at: now() });
    const chosen = model;
    await request(chosen).catch((err: unknown) => withModels(err, chosen));
  });

  async function request(model: string): Promise<void> {
    if (o.stream) {
      // A failed request may be answered 200 with a JSON error object instead of SSE: read it whole.
      let mode: 'undecided' | 'sse' | 'json' = 'undecided';
      let held = '';
      for await (const text of o.client.openaiStream(o.path, o.body(model), call())) {
        if (mode === 'sse') {
          tokens(decoder.push(text));
          continue;
        }
        held += text;
        const start = held.trimStart();
        if (mode === 'json' || start === '') continue;
        mode = start.startsWith('{') ? 'json' : 'sse';
        if (mode === 'sse') tokens(decoder.push(held));
      }
      if (mode === 'json') tokens(decoder.push(parseOr(held)));
      tokens(decoder.end());
    } else {
      tokens(decoder.push(await o.client.openaiPost(o.path, o.body(model), call())));
    }
    if (decoder.error) throw new JobFailedError(`the worker reported an error: ${decoder.error}`, decoder.error);
    if (o.stream && !decoder.done && !decoder.finishReasons.some((r) => r !== undefined && r !== null)) {
      throw new ServiceUnavailableError('the stream ended before the reply was complete', {
        hint: 'the text is partial; the worker may have failed mid-reply, so try again',
      });
    }
    const usage: Usage = decoder.usage ?? { completionTokens: decoder.chunkCount, estimated: true };
    const choices = decoder.texts.length > 0 ? decoder.texts.map((t) => t ?? '') : [''];
    const thought = decoder.reasoning;
    const finish = decoder.finishReasons;
    const at = now();
    life.emit({
      type: 'done',
      jobId: '',
      status: 'COMPLETED',
      text: choices[0] ?? '',
      choices,
      ...(thought.some((r) => r !== '') ? { reasoning: choices.map((_, i) => thought[i] ?? '') } : {}),
      finishReasons: choices.map((_, i) => finish[i] ?? null),
      finishReason: finish[0] ?? null,
      usage,
      timings: timings(at),
      retries: life.retries,
      at,
    });
  }
}
