// /v2/{endpointId}/openai/v1/*: the platform turns the request into a job with input
// {openai_route, openai_input} and relays the worker's output as a plain OpenAI response.
import { isTerminal } from '../core/events.js';
import { dropConnection, readJsonBody, sendError, sendJson, sleep, type Exchange } from './http-io.js';
import type { Job } from './job-record.js';
import { waitForJob, type RouteContext } from './native-routes.js';
import { randomInt, createRng, type Rng } from './prng.js';

const OPENAI_LIMIT = 20 * 1024 * 1024;
const NON_STREAM_DEADLINE_MS = 600_000;

function failureBody(job: Job): Record<string, unknown> {
  const message = job.error ?? `job ${job.id} ended ${job.status}`;
  return { error: { message, type: job.status === 'FAILED' ? 'worker_error' : job.status, param: null, code: 500 } };
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

async function relayStream(ctx: RouteContext, ex: Exchange, job: Job): Promise<void> {
  const rng = createRng(Date.now() >>> 0);
  const first = await waitForJob(ctx, ex, job, Date.now() + NON_STREAM_DEADLINE_MS, (j) => j.items.length > 0 || isTerminal(j.status));
  if (!first) return;
  if (first.items.length === 0) {
    return sendJson(ex, first.status === 'COMPLETED' ? 200 : 500, first.status === 'COMPLETED' ? {} : failureBody(first));
  }
  ex.record.status = 200;
  ex.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let sent = 0;
  for (;;) {
    const current = await waitForJob(ctx, ex, job, Date.now() + NON_STREAM_DEADLINE_MS, (j) => j.items.length > sent || isTerminal(j.status));
    if (!current) break;
    while (sent < current.items.length && !ex.signal.aborted) {
      const item = current.items[sent++];
      await writePieces(ex, typeof item === 'string' ? item : `data: ${JSON.stringify(item)}\n\n`, rng);
    }
    if (isTerminal(current.status) && sent >= current.items.length) break;
  }
  if (!ex.signal.aborted) ex.res.end();
}

/** Handles one /openai/v1/<path> request by running it as a job. */
export async function handleOpenAI(ctx: RouteContext, ex: Exchange, endpointId: string, path: string): Promise<void> {
  const body = ex.req.method === 'POST' ? await readJsonBody(ex.req, OPENAI_LIMIT) : { ok: true as const, value: undefined };
  if (!body.ok) return sendError(ex, body.status, body.message);
  const openaiInput = body.value === undefined ? {} : body.value;
  const job = ctx.engine.create(endpointId, { input: { openai_route: `/v1/${path}`, openai_input: openaiInput } }, 'openai', false);
  ex.record.jobId = job.id;
  if (ex.dropAfterAccept) return dropConnection(ex);
  ex.signal.addEventListener('abort', () => ctx.engine.cancel(job), { once: true });
  const streaming = typeof openaiInput === 'object' && openaiInput !== null && (openaiInput as { stream?: unknown }).stream === true;
  if (streaming) return relayStream(ctx, ex, job);
  const done = await waitForJob(ctx, ex, job, Date.now() + NON_STREAM_DEADLINE_MS, (j) => isTerminal(j.status));
  if (!done) return;
  if (done.status !== 'COMPLETED') return sendJson(ex, 500, failureBody(done));
  sendJson(ex, 200, done.items[0] ?? {});
}
