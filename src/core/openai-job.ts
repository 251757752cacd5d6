// The OpenAI-compatible route (`--api openai`) as the same JobEvent stream as a native job.
// The platform queues a job behind the HTTP request but never shows its ID, so there is no
// `/cancel` to send: aborting closes the request, which is all a client can do on this route.
import { retryEvent, type JobEvent, type Timings, type Usage } from './events.js';
import { JobFailedError, NotFoundError, ServiceUnavailableError, TimeoutError, toRpvError } from './errors.js';
import { cleanError } from './job-lifecycle.js';
import { OutputDecoder } from './output-decoder.js';
import type { RunpodClient } from './runpod-client.js';

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

/** Runs one request on the OpenAI route; ends with exactly one done, error or cancelled. */
export async function* runOpenAIJob(o: OpenAIJobOptions): AsyncGenerator<JobEvent> {
  const now = o.now ?? Date.now;
  const start = now();
  const decoder = new OutputDecoder();
  let retries = 0;
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  const inner = new AbortController();
  const onAbort = () => inner.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  if (o.deadline !== undefined) {
    timer = setTimeout(() => inner.abort('timeout'), Math.max(0, o.deadline - now()));
  }
  const pending: JobEvent[] = [];
  const call = {
    signal: inner.signal,
    deadline: o.deadline,
    onRetry: (info: { operation: string; attempt: number; maxAttempts: number; delayMs: number; reason: string }) => {
      retries += 1;
      pending.push(retryEvent(info, now()));
    },
  };
  const timings = (): Timings => {
    const t: Timings = { totalMs: now() - start };
    if (firstAt !== undefined) t.firstTokenMs = firstAt - start;
    const tokens = decoder.usage?.completionTokens ?? decoder.chunkCount;
    if (firstAt !== undefined && lastAt !== undefined && lastAt > firstAt && tokens > 1) {
      t.tokensPerSecond = tokens / ((lastAt - firstAt) / 1000);
    }
    return t;
  };
  function* emit(deltas: { index: number; text: string }[]): Generator<JobEvent> {
    for (const d of deltas) {
      const at = now();
      firstAt ??= at;
      lastAt = at;
      yield { type: 'token', index: d.index, text: d.text, at };
    }
  }
  try {
    let model = o.model;
    if (!model) {
      const list = await o.client.openaiModels(call);
      yield* pending.splice(0);
      model = list.data?.[0]?.id;
      if (!model) throw new NotFoundError('the endpoint lists no models; pass --model <name>');
    }
    yield { type: 'status', jobId: '', status: 'IN_PROGRESS', phase: 'generating', at: now() };
    if (o.stream) {
      for await (const text of o.client.openaiStream(o.path, o.body(model), call)) {
        yield* pending.splice(0);
        yield* emit(decoder.push(text));
      }
      yield* emit(decoder.end());
    } else {
      const reply = await o.client.openaiPost(o.path, o.body(model), call);
      yield* pending.splice(0);
      yield* emit(decoder.push(reply));
    }
    yield* pending.splice(0);
    if (decoder.error) throw new JobFailedError(`the worker reported an error: ${decoder.error}`, decoder.error);
    if (o.stream && !decoder.done && !decoder.finishReasons.some((r) => r !== undefined && r !== null)) {
      throw new ServiceUnavailableError('the stream ended before the reply was complete', {
        hint: 'the text is partial; the worker may have failed mid-reply, so try again',
      });
    }
    const usage: Usage = decoder.usage ?? { completionTokens: decoder.chunkCount, estimated: true };
    const choices = decoder.texts.length > 0 ? decoder.texts.map((t) => t ?? '') : [''];
    yield {
      type: 'done',
      jobId: '',
      status: 'COMPLETED',
      text: choices[0] ?? '',
      choices,
      usage,
      timings: timings(),
      retries,
      at: now(),
    };
  } catch (err) {
    yield* pending.splice(0);
    const partial = decoder.texts.map((t) => t ?? '');
    if (inner.signal.aborted) {
      const reason = inner.signal.reason === 'timeout' ? 'timeout' : inner.signal.reason === 'pipe-closed' ? 'pipe-closed' : 'interrupted';
      yield { type: 'cancelled', reason, confirmed: false, partial, timings: timings(), retries, at: now() };
    } else {
      const error = cleanError(err instanceof TimeoutError ? err : toRpvError(err), o.client);
      yield { type: 'error', error, partial, timings: timings(), retries, at: now() };
    }
  } finally {
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}
