// Public types of the emulator. Other helpers' tests build against these names, so they stay
// stable; everything here is data only.
import type { JobStatus } from './job-status.js';

/** Which worker-vllm output generation to imitate (legacy <= v2.23.0, openai = proxy >= v2.24.0). */
export type WorkerGeneration = 'legacy' | 'openai';

/** Every route the emulator answers under /v2/{endpointId}/ ('openai' covers /openai/v1/*). */
export type RouteName =
  'run' | 'runsync' | 'status' | 'status-sync' | 'stream' | 'cancel' | 'retry' | 'health' | 'purge-queue' | 'openai';

/** Faults that act on one HTTP exchange. */
export const TRANSPORT_FAULTS = [
  '429',
  '429-no-retry-after',
  '429-date',
  '500',
  '503',
  '500-html',
  '502-html',
  '504-html',
  'malformed-json',
  'drop',
  'drop-after-drain',
  'drop-after-accept',
  'slow',
  'hang',
] as const;

/** Faults that attach to the next job created and change how it runs. */
export const JOB_FAULTS = [
  'fail',
  'fail-legacy',
  'error-in-output',
  'timeout',
  'cancel-remote',
  'never-end',
  'stuck-queue',
  'utf8-split',
  'request-failed',
  'handler-error',
  'vllm-dead',
  'vllm-error-event',
  'no-output',
  'worker-crash',
  'stream-only-error',
] as const;

/** Faults of the /openai route: how the platform relays a failed job (the job fails if nothing else fails it). */
export const RELAY_FAULTS = [
  'openai-error-200',
  'openai-error-4xx',
  'openai-error-string',
  'openai-error-detail',
  'openai-error-text',
  'openai-stream-cut',
] as const;

/** Names of the per-request faults. */
export type TransportFaultName = (typeof TRANSPORT_FAULTS)[number];
/** Names of the per-job faults. */
export type JobFaultName = (typeof JOB_FAULTS)[number];
/** Names of the /openai relay faults. */
export type RelayFaultName = (typeof RELAY_FAULTS)[number];
/** Every fault name `--fault` and setFaults() accept. */
export type FaultName = TransportFaultName | JobFaultName | RelayFaultName;

/** Which model the toy vLLM imitates: a plain one, or one whose replies start with reasoning. */
export type ModelKind = 'plain' | 'reasoning';
/** The field vLLM's reasoning parser fills: `reasoning` (current) or `reasoning_content` (older). */
export type ReasoningField = 'reasoning' | 'reasoning_content';

/** One fault switch: fires `count` times (default 1, Infinity allowed), optionally on one route. */
export interface FaultSpec {
  name: FaultName;
  count?: number;
  route?: RouteName;
}

/** Options of startEmulator; all can be changed later with configure() except host and port. */
export interface EmulatorOptions {
  host?: string;
  port?: number;
  worker?: WorkerGeneration;
  /** Delay between generated tokens; 0 = as fast as possible. Default 20. */
  tokenDelayMs?: number;
  /** A new worker initializes this long before it takes jobs (they wait IN_QUEUE). Default 0. */
  coldStartMs?: number;
  /** An idle worker is removed after this long without jobs. Default 5000 (Runpod's default). */
  idleTimeoutMs?: number;
  /** Max workers of each endpoint. Default 3. 0 = jobs never start. */
  workers?: number;
  /** Jobs one worker runs at once (worker-vllm MAX_CONCURRENCY). Default 30. */
  concurrency?: number;
  /** When > 0, every generating job takes this long in total (token delay = this / steps). Default 0. */
  jobDurationMs?: number;
  /** Per-endpoint request limits: a spec string (see parseRateLimit), windows, or null for none. Default none. */
  rateLimit?: string | Partial<Record<string, { count: number; windowMs: number; concurrent?: number }>> | null;
  /** Whether rate-limit 429s carry Retry-After (the hosted service's are bare). Default false. */
  rateLimitRetryAfter?: boolean;
  /** Default 'plain'. */
  modelKind?: ModelKind;
  /** Default 'reasoning'. */
  reasoningField?: ReasoningField;
  /** Reasoning tokens before the answer of a reasoning model (counted in max_tokens). Default 16. */
  reasoningTokens?: number;
  /** Speculative tokens k: up to k+1 tokens per streamed delta. Default 0. */
  speculativeTokens?: number;
  /** Answer every request with (the start of) this text instead of the toy words; null = toy words. */
  replyText?: string | null;
  /** The key that must be sent; default: any non-empty key. */
  apiKey?: string;
  faults?: FaultSpec[];
  /** Hold time of an empty /stream poll without ?wait=. Default 10000. */
  streamWaitMs?: number;
  /** How long finished /run jobs are kept (404 after). /runsync jobs keep min(this, 60 s). Default 30 min. */
  retentionMs?: number;
  /** How long the 'slow' fault delays a response. Default 5000. */
  slowMs?: number;
  /** Default generation seed when sampling_params.seed is absent. Default 0. */
  seed?: number;
  /** Called with one line per finished request (for `rpv emulate`); never includes the key. */
  log?: (line: string) => void;
}

/** How the request authenticated itself. */
export type AuthKind = 'bearer' | 'bare' | 'missing' | 'wrong';

/** One request as the emulator saw it. `status` is 0 when no HTTP status was sent (drop, hang). */
export interface RecordedRequest {
  method: string;
  route: RouteName | 'unknown';
  path: string;
  jobId?: string;
  status: number;
  auth: AuthKind;
  at: number;
  /** The transport fault that fired on this request, if any. */
  fault?: TransportFaultName;
  /** True when the rate limit refused it (429). */
  rateLimited?: boolean;
  /** Which TCP connection it came on: 1 for the server's first, counting up (keep-alive reuse shows). */
  connection: number;
}

/** A job as tests see it through jobs(). */
export interface EmulatorJobView {
  id: string;
  endpointId: string;
  status: JobStatus;
  input: unknown;
  /** True when a client's /cancel cancelled it (not set by the 'cancel-remote' fault). */
  cancelled: boolean;
  outputItems: number;
  drainedItems: number;
  webhook?: string;
  policy?: Record<string, unknown>;
  fault?: JobFaultName;
  /** The /openai relay fault of this job, if any. */
  relayFault?: RelayFaultName;
  /** The worker running it (or that ran it last). */
  workerId?: string;
  /** How often a dying worker sent it back to the queue. */
  requeued: number;
  error?: string;
}
