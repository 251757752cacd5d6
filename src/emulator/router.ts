// Maps a request path and method onto a route of the hosted API, and runs the checks every
// /v2 request passes in the hosted order: fault, auth, endpoint, method, job ID.
import { applyTransportFault } from './fault-responses.js';
import type { FaultBoard } from './faults.js';
import { classifyAuth, sendError, sendRaw, type Exchange } from './http-io.js';
import {
  handleHealth,
  handleJobRoute,
  handlePurge,
  handleRun,
  handleRunSync,
  type RouteContext,
} from './native-routes.js';
import { handleOpenAI } from './openai-route.js';
import type { RouteName } from './types.js';

/** A request path resolved to a route. */
export interface RouteMatch {
  endpointId: string;
  route: RouteName;
  /** Raw (decoded) job ID for job routes; may be malformed. */
  jobId?: string;
  /** Path after /openai/v1/ for the OpenAI route. */
  openaiPath?: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const JOB_ROUTES = new Set<RouteName>(['status', 'status-sync', 'stream', 'cancel', 'retry']);
const PLAIN_ROUTES = new Set<RouteName>(['run', 'runsync', 'health', 'purge-queue']);

const METHODS: Record<RouteName, readonly string[]> = {
  run: ['POST'],
  runsync: ['POST'],
  status: ['GET', 'POST'],
  'status-sync': ['GET', 'POST'],
  stream: ['GET', 'POST'],
  cancel: ['POST'],
  retry: ['POST'],
  health: ['GET'],
  'purge-queue': ['POST'],
  openai: ['GET', 'POST'],
};

/** The endpoint ID that answers 404 like an unknown endpoint. */
export const MISSING_ENDPOINT = 'missing-endpoint';

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Resolves `/v2/{endpointId}/...`; undefined for paths the hosted API would not know. */
function matchRoute(pathname: string): RouteMatch | undefined {
  const seg = pathname.split('/');
  const endpointId = seg[2];
  const name = seg[3];
  if (seg[1] !== 'v2' || endpointId === undefined || !ID_PATTERN.test(endpointId) || name === undefined)
    return undefined;
  if (name === 'openai' && seg[4] === 'v1' && seg.length > 5) {
    return { endpointId, route: 'openai', openaiPath: seg.slice(5).join('/') };
  }
  const route = name as RouteName;
  if (PLAIN_ROUTES.has(route) && seg.length === 4) return { endpointId, route };
  if (JOB_ROUTES.has(route) && seg.length === 5) return { endpointId, route, jobId: decode(seg[4] ?? '') };
  return undefined;
}

/** Runs one /v2 request through faults, auth and validation, then its handler. */
export async function routeRequest(ctx: RouteContext, faults: FaultBoard, ex: Exchange): Promise<void> {
  const match = matchRoute(ex.url.pathname);
  const auth = classifyAuth(ex.req.headers.authorization, ctx.settings.apiKey);
  ex.record.auth = auth;
  if (!match) return sendError(ex, 404, 'not found');
  ex.record.route = match.route;
  if (match.jobId !== undefined) ex.record.jobId = match.jobId;
  const fault = faults.takeTransport(match.route);
  if (fault && (await applyTransportFault(ex, fault, ctx.settings.slowMs)) === 'respond') return;
  const admission = ctx.limiter.admit(ctx.settings.rateLimit, match.endpointId, match.route);
  if (!admission.ok) {
    ex.record.rateLimited = true;
    const headers: Record<string, string> = ctx.settings.rateLimitRetryAfter
      ? { 'retry-after': String(admission.retryAfterS) }
      : {};
    return sendRaw(ex, 429, 'Too Many Requests', 'text/plain; charset=utf-8', headers);
  }
  ex.res.on('close', admission.done);
  if (auth === 'missing' || auth === 'wrong') {
    return sendError(
      ex,
      401,
      'Unauthorized: missing or invalid API key (send the header Authorization: Bearer YOUR_KEY)',
      {
        'www-authenticate': 'Bearer',
      },
    );
  }
  if (match.endpointId === MISSING_ENDPOINT) return sendError(ex, 404, `endpoint ${match.endpointId} not found`);
  const method = ex.req.method ?? 'GET';
  if (!METHODS[match.route].includes(method)) {
    return sendError(ex, 405, `method ${method} not allowed on ${match.route}`, {
      allow: METHODS[match.route].join(', '),
    });
  }
  if (match.jobId !== undefined && !ID_PATTERN.test(match.jobId)) return sendError(ex, 400, 'invalid job id');
  switch (match.route) {
    case 'run':
      return handleRun(ctx, ex, match.endpointId);
    case 'runsync':
      return handleRunSync(ctx, ex, match.endpointId);
    case 'health':
      return handleHealth(ctx, ex, match.endpointId);
    case 'purge-queue':
      return handlePurge(ctx, ex, match.endpointId);
    case 'openai':
      return handleOpenAI(ctx, ex, match.endpointId, match.openaiPath ?? '');
    default: {
      const job = ctx.engine.find(match.endpointId, match.jobId ?? '');
      if (!job) return sendError(ex, 404, 'request does not exist');
      return handleJobRoute(ctx, ex, match.route, job);
    }
  }
}
