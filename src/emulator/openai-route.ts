// /v2/{endpointId}/openai/v1/*: the platform turns the request into a job with input
// {openai_route, openai_input} and relays the worker's output as a plain OpenAI response. A
// failed job is answered in the shape its relay fault picks (default: 500 with an OpenAI-style
// error); a stream that fails after it began ends with an error event and `data: [DONE]`.
import { dropConnection, readJsonBody, sendError, sendJson, sendRaw, sleep, type Exchange } from './http-io.js';
import type { Job } from './job-record.js';
import { isTerminal } from './job-status.js';
import { waitForJob, type RouteContext } from './native-routes.js';
import { DONE_EVENT, errorEvent } from './openai-objects.js';
import { randomInt, createRng, type Rng } from './prng.js';
import { vllmErrorBody } from './py-repr.js';

const OPENAI_LIMIT = 20 * 1024 * 1024;
const NON_STREAM_DEADLINE_MS = 600_000;

// The failure's readable message and vLLM's HTTP status, when the job failed on a vLLM HTTP error.
function failureFacts(job: Job): { message: string; raw: string; status?: number; body?: string; type: string } {
  const http = job.plan.kind === 'failure' ? job.plan.http : undefined;
  const raw = job.error ?? `job ${job.id} ended ${job.status}`;
  if (http) return { message: http.message, raw, status: http.status, body: http.body, type: http.type };
  return { message: raw, raw, type: job.status === 'FAILED' ? 'worker_error' : job.status };
}

/** Answers a job that ended without output, in the shape of the job's relay fault. */
function sendFailure(ex: Exchange, job: Job): void {
  const f = failureFacts(job);
  switch (job.relayFault) {
    case 'openai-error-200':
      return sendJson(ex, 200, { error: { message: f.message, type: f.type, param: null, code: f.status ?? 400 } });
    case 'openai-error-4xx':
      return sendRaw(
        ex,
        f.status ?? 400,
        f.body ?? vllmErrorBody(f.message, 'BadRequestError', 400),
        'application/json',
      );
    case 'openai-error-string':
      return sendJson(ex, 500, { error: f.raw });
    case 'openai-error-detail':
      return sendJson(ex, 500, { detail: f.raw });
    case 'openai-error-text':
      return sendRaw(ex, 500, f.raw, 'text/plain; charset=utf-8');
    default:
      return sendJson(ex, 500, { error: { message: f.raw, type: f.type, param: null, code: 500 } });
  }
}

// Writes one piece of SSE text split into 1-3 writes at arbitrary byte offsets.
async function writePieces(ex: Exchange, text: string, rng: Rng): Promise<void> {
  let bytes = Buffer.from(text, 'utf8');
  const pieces = randomInt(rng, 1, 3);
  for (let i = 1; i < pieces && bytes.length > 1; i++) {
    const cut = randomInt(rng, 1, bytes.length - 1);
    ex.res.write(bytes.subarray(0, cut));
    bytes = bytes.subarray(cut);
    await sleep(0, ex.signal);
    if (ex.signal.aborted) return;
  }
  ex.res.write(bytes);
}

function itemText(item: unknown): string {
  return typeof item === 'string' ? item : `data: ${JSON.stringify(item)}\n\n`;
}

async function relayStream(ctx: RouteContext, ex: Exchange, job: Job): Promise<void> {
  const rng = createRng(Date.now() >>> 0);
  const first = await waitForJob(
    ctx,
    ex,
    job,
    Date.now() + NON_STREAM_DEADLINE_MS,
    (j) => j.items.length > 0 || isTerminal(j.status),
  );
  if (!first) return;
  if (first.items.length === 0) {
    if (first.status === 'COMPLETED') return sendJson(ex, 200, {});
    return sendFailure(ex, first);
  }
  ex.record.status = 200;
  ex.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const cut = job.relayFault === 'openai-stream-cut';
  let sent = 0;
  // Whole events go out as they complete; a partial one waits for its end (or is dropped on failure).
  let held = '';
  for (;;) {
    const current = await waitForJob(
      ctx,
      ex,
      job,
      Date.now() + NON_STREAM_DEADLINE_MS,
      (j) => j.items.length > sent || isTerminal(j.status),
    );
    if (!current) break;
    while (sent < current.items.length && !ex.signal.aborted) {
      const text = itemText(current.items[sent++]);
      if (cut) {
        await writePieces(ex, text, rng);
        continue;
      }
      held += text;
      const end = held.lastIndexOf('\n\n');
      if (end < 0) continue;
      await writePieces(ex, held.slice(0, end + 2), rng);
      held = held.slice(end + 2);
    }
    if (isTerminal(current.status) && sent >= current.items.length) {
      if (ex.signal.aborted || cut) break;
      if (current.status === 'COMPLETED') {
        if (held !== '') await writePieces(ex, held, rng);
      } else {
        const f = failureFacts(current);
        await writePieces(ex, errorEvent(f.raw, 'InternalServerError', 500) + DONE_EVENT, rng);
      }
      break;
    }
  }
  if (!ex.signal.aborted) ex.res.end();
}

/** Handles one /openai/v1/<path> request by running it as a job. */
export async function handleOpenAI(ctx: RouteContext, ex: Exchange, endpointId: string, path: string): Promise<void> {
  const body =
    ex.req.method === 'POST' ? await readJsonBody(ex.req, OPENAI_LIMIT) : { ok: true as const, value: undefined };
  if (!body.ok) return sendError(ex, body.status, body.message);
  const openaiInput = body.value === undefined ? {} : body.value;
  const job = ctx.engine.create(
    endpointId,
    { input: { openai_route: `/v1/${path}`, openai_input: openaiInput } },
    'openai',
    false,
  );
  ex.record.jobId = job.id;
  if (ex.dropAfterAccept) return dropConnection(ex);
  ex.signal.addEventListener('abort', () => ctx.engine.cancel(job), { once: true });
  const streaming =
    typeof openaiInput === 'object' && openaiInput !== null && (openaiInput as { stream?: unknown }).stream === true;
  if (streaming) return relayStream(ctx, ex, job);
  const done = await waitForJob(ctx, ex, job, Date.now() + NON_STREAM_DEADLINE_MS, (j) => isTerminal(j.status));
  if (!done) return;
  if (done.status !== 'COMPLETED') return sendFailure(ex, done);
  sendJson(ex, 200, done.items[0] ?? {});
}
