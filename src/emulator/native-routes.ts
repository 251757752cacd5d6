// The native queue API under /v2/{endpointId}/: run, runsync, status, status-sync, stream,
// cancel, retry, health, purge-queue.
import { isTerminal } from './job-status.js';
import { dropConnection, parseWait, readJsonBody, sendError, sendJson, type Exchange } from './http-io.js';
import type { JobEngine, JobRequest } from './job-engine.js';
import { statusObject, type Job } from './job-record.js';
import type { RateLimiter } from './rate-limit.js';
import type { Settings } from './settings.js';

/** What a route handler needs besides the request. */
export interface RouteContext {
  engine: JobEngine;
  settings: Settings;
  limiter: RateLimiter;
}

const RUN_LIMIT = 10 * 1024 * 1024;
const RUNSYNC_LIMIT = 20 * 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Validates a /run or /runsync body; returns the job request or an error message.
function parseJobBody(body: unknown): JobRequest | string {
  if (!isRecord(body)) return 'request body must be a JSON object with an "input" field';
  if (body.input === undefined || body.input === null) return 'input is required';
  const req: JobRequest = { input: body.input };
  if (body.webhook !== undefined) {
    if (typeof body.webhook !== 'string') return 'webhook must be a URL string';
    req.webhook = body.webhook;
  }
  if (body.policy !== undefined) {
    if (!isRecord(body.policy)) return 'policy must be an object';
    req.policy = body.policy;
    for (const key of ['executionTimeout', 'ttl'] as const) {
      const v = body.policy[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
        return `policy.${key} must be a positive number of milliseconds`;
      if (key === 'ttl') req.ttlMs = v;
      else req.executionTimeoutMs = v;
    }
  }
  return req;
}

/** Waits until `done(job)`, the deadline, or the client leaving; undefined if the job vanished or the client left. */
export async function waitForJob(
  ctx: RouteContext,
  ex: Exchange,
  job: Job,
  deadline: number,
  done: (j: Job) => boolean,
): Promise<Job | undefined> {
  for (;;) {
    const current = ctx.engine.find(job.endpointId, job.id);
    if (!current || ex.signal.aborted) return undefined;
    if (done(current) || Date.now() >= deadline) return current;
    await ctx.engine.waitForChange(current, deadline - Date.now(), ex.signal);
  }
}

async function submit(ctx: RouteContext, ex: Exchange, endpointId: string, sync: boolean): Promise<Job | undefined> {
  const body = await readJsonBody(ex.req, sync ? RUNSYNC_LIMIT : RUN_LIMIT);
  if (!body.ok) return void sendError(ex, body.status, body.message);
  const req = parseJobBody(body.value);
  if (typeof req === 'string') return void sendError(ex, 400, req);
  const job = ctx.engine.create(endpointId, req, sync ? 'runsync' : 'run', sync);
  ex.record.jobId = job.id;
  if (ex.dropAfterAccept) return void dropConnection(ex);
  return job;
}

/** POST /run: queue a job, answer at once. */
export async function handleRun(ctx: RouteContext, ex: Exchange, endpointId: string): Promise<void> {
  const job = await submit(ctx, ex, endpointId, false);
  if (job) sendJson(ex, 200, { id: job.id, status: job.status });
}

/** POST /runsync?wait=: queue a job and answer when it ends or `wait` passes. */
export async function handleRunSync(ctx: RouteContext, ex: Exchange, endpointId: string): Promise<void> {
  const wait = parseWait(ex.url.searchParams.get('wait'), 90_000);
  if (wait === undefined) return sendError(ex, 400, 'wait must be a number of milliseconds');
  const job = await submit(ctx, ex, endpointId, true);
  if (!job) return;
  const current = await waitForJob(ctx, ex, job, Date.now() + wait, (j) => isTerminal(j.status));
  if (ex.signal.aborted) return;
  if (!current) return sendError(ex, 404, 'request does not exist');
  sendJson(ex, 200, statusObject(current));
}

/** Every route that addresses one job by ID. */
export async function handleJobRoute(ctx: RouteContext, ex: Exchange, route: string, job: Job): Promise<void> {
  const query = ex.url.searchParams;
  switch (route) {
    case 'status':
      return sendJson(ex, 200, statusObject(job));
    case 'status-sync': {
      const wait = parseWait(query.get('wait'), 90_000);
      if (wait === undefined) return sendError(ex, 400, 'wait must be a number of milliseconds');
      const current = await waitForJob(ctx, ex, job, Date.now() + wait, (j) => isTerminal(j.status));
      if (ex.signal.aborted) return;
      return current ? sendJson(ex, 200, statusObject(current)) : sendError(ex, 404, 'request does not exist');
    }
    case 'stream': {
      const wait = parseWait(query.get('wait'), ctx.settings.streamWaitMs);
      if (wait === undefined) return sendError(ex, 400, 'wait must be a number of milliseconds');
      const ready = (j: Job) => j.items.length > j.drained || isTerminal(j.status);
      const current = await waitForJob(ctx, ex, job, Date.now() + wait, ready);
      if (ex.signal.aborted) return;
      if (!current) return sendError(ex, 404, 'request does not exist');
      const items = ctx.engine.drain(current);
      // A terminal reply of a failed job carries its error (runpod-api.md 7.3).
      const error = isTerminal(current.status) && current.error !== undefined ? { error: current.error } : {};
      return sendJson(ex, 200, { ...error, status: current.status, stream: items.map((output) => ({ output })) });
    }
    case 'cancel':
      ctx.engine.cancel(job);
      return sendJson(ex, 200, statusObject(job));
    case 'retry':
      if (!ctx.engine.retry(job)) {
        return sendError(ex, 400, `job ${job.id} is ${job.status}; only FAILED or TIMED_OUT jobs can be retried`);
      }
      return sendJson(ex, 200, { id: job.id, status: job.status });
  }
}

/** GET /health. */
export function handleHealth(ctx: RouteContext, ex: Exchange, endpointId: string): void {
  sendJson(ex, 200, ctx.engine.health(endpointId));
}

/** POST /purge-queue. */
export function handlePurge(ctx: RouteContext, ex: Exchange, endpointId: string): void {
  sendJson(ex, 200, { removed: ctx.engine.purge(endpointId), status: 'completed' });
}
