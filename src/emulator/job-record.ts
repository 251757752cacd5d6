// A job's state and its two outward shapes: the status object the API returns and the view
// tests read through jobs().
import { randomUUID } from 'node:crypto';
import { isTerminal, type JobStatus } from './job-status.js';
import type { Producer } from './producers.js';
import type { EmulatorJobView, JobFaultName, RelayFaultName } from './types.js';
import type { WorkPlan } from './worker-input.js';

/** Everything the emulator knows about one job. */
export interface Job {
  id: string;
  endpointId: string;
  sync: boolean;
  input: unknown;
  webhook?: string;
  policy?: Record<string, unknown>;
  executionTimeoutMs: number;
  ttlMs: number;
  status: JobStatus;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  workerId?: string;
  /** Every yielded item: the aggregate that becomes `output`. */
  items: unknown[];
  /** How many items /stream has handed out already. */
  drained: number;
  error?: string;
  fault?: JobFaultName;
  /** The /openai relay fault: how a failure of this job is answered on that route. */
  relayFault?: RelayFaultName;
  utf8Split: boolean;
  /** How often a dying worker sent it back to the queue. */
  requeued: number;
  cancelled: boolean;
  plan: WorkPlan;
  producer?: Producer;
  onWorker: boolean;
  cancelTimer?: () => void;
  execTimer?: NodeJS.Timeout;
  waiters: Set<() => void>;
}

const SUFFIXES = ['u1', 'u2', 'e1', 'e2'];

/** A job ID like the hosted service's: `<uuid>-u1`, prefixed `sync-` for /runsync. */
export function newJobId(sync: boolean): string {
  const suffix = SUFFIXES[Math.floor(Math.random() * SUFFIXES.length)] ?? 'u1';
  return `${sync ? 'sync-' : ''}${randomUUID()}-${suffix}`;
}

/** The JSON the API returns for /status and friends (keys in the service's alphabetical order). */
export function statusObject(job: Job): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  o.delayTime = (job.startedAt ?? job.endedAt ?? Date.now()) - job.createdAt;
  if (job.error !== undefined && job.fault !== 'stream-only-error') o.error = job.error;
  if (job.startedAt !== undefined && isTerminal(job.status))
    o.executionTime = (job.endedAt ?? Date.now()) - job.startedAt;
  o.id = job.id;
  if (job.status === 'COMPLETED' && job.fault !== 'no-output') o.output = [...job.items];
  o.status = job.status;
  if (job.workerId !== undefined) o.workerId = job.workerId;
  return o;
}

/** The job as tests see it. */
export function jobView(job: Job): EmulatorJobView {
  return {
    id: job.id,
    endpointId: job.endpointId,
    status: job.status,
    input: job.input,
    cancelled: job.cancelled,
    outputItems: job.items.length,
    drainedItems: job.drained,
    ...(job.webhook === undefined ? {} : { webhook: job.webhook }),
    ...(job.policy === undefined ? {} : { policy: job.policy }),
    ...(job.fault === undefined ? (job.utf8Split ? { fault: 'utf8-split' as const } : {}) : { fault: job.fault }),
    ...(job.relayFault === undefined ? {} : { relayFault: job.relayFault }),
    ...(job.workerId === undefined ? {} : { workerId: job.workerId }),
    requeued: job.requeued,
    ...(job.error === undefined ? {} : { error: job.error }),
  };
}

/** What /run and /runsync pass in. */
export interface JobRequest {
  input: unknown;
  webhook?: string;
  policy?: Record<string, unknown>;
  executionTimeoutMs?: number;
  ttlMs?: number;
}

/** What a new job starts from. */
export interface NewJobFacts {
  id: string;
  endpointId: string;
  sync: boolean;
  req: JobRequest;
  plan: WorkPlan;
  fault: JobFaultName | undefined;
  relayFault: RelayFaultName | undefined;
  utf8Split: boolean;
}

/** A fresh IN_QUEUE job (execution timeout 10 min and TTL 24 h unless the policy says otherwise). */
export function newJob(f: NewJobFacts): Job {
  return {
    id: f.id,
    endpointId: f.endpointId,
    sync: f.sync,
    input: f.req.input,
    ...(f.req.webhook === undefined ? {} : { webhook: f.req.webhook }),
    ...(f.req.policy === undefined ? {} : { policy: f.req.policy }),
    executionTimeoutMs: f.req.executionTimeoutMs ?? 600_000,
    ttlMs: f.req.ttlMs ?? 86_400_000,
    status: 'IN_QUEUE',
    createdAt: Date.now(),
    items: [],
    drained: 0,
    ...(f.fault === undefined ? {} : { fault: f.fault }),
    ...(f.relayFault === undefined ? {} : { relayFault: f.relayFault }),
    utf8Split: f.utf8Split,
    requeued: 0,
    cancelled: false,
    plan: f.plan,
    onWorker: false,
    waiters: new Set(),
  };
}
