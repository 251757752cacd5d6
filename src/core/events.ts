// The JobEvent union: the one stream every renderer (Ink view, plain text, JSON, JSON lines)
// consumes. The core produces it and never knows who is watching.
import type { RpvError } from './errors.js';

/** Job states the hosted API returns (the docs' RUNNING never appears on the wire). */
export const JOB_STATUSES = ['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'] as const;

/** One of JOB_STATUSES. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** What the person is waiting on, derived from statuses and tokens. */
export type JobPhase = 'submitting' | 'queued' | 'generating' | 'done';

/** Token counts; `estimated` when the worker sent no usage and we counted stream chunks. */
export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  estimated?: boolean;
}

/** Timings of one job, all in milliseconds from the moment `rpv` started the request. */
export interface Timings {
  /** Service-reported queue delay (`delayTime`), else time from submit to first IN_PROGRESS. */
  queueMs?: number;
  /** Service-reported `executionTime`, else first IN_PROGRESS to terminal status. */
  executionMs?: number;
  /** From submit to the first non-empty token. */
  firstTokenMs?: number;
  /** From submit to the end. */
  totalMs: number;
  /** completion tokens / seconds from first token to last token. */
  tokensPerSecond?: number;
}

export type JobEvent =
  | { type: 'submitted'; jobId: string; endpoint: string; at: number }
  | {
      type: 'status';
      jobId: string;
      status: JobStatus;
      phase: JobPhase;
      workerId?: string;
      /** `delayTime` / `executionTime` as the service reported them, when it did. */
      delayTime?: number;
      executionTime?: number;
      at: number;
    }
  /** A text delta for choice `index` (0 unless `-n` > 1). Never empty. */
  | { type: 'token'; index: number; text: string; at: number }
  /** Reasoning of a reasoning model for choice `index`; never part of the answer text. Never empty. */
  | { type: 'reasoning'; index: number; text: string; at: number }
  /** A transient failure; retry number `retry` (from 1) of at most `maxRetries` follows after `delayMs`. */
  | {
      type: 'retry';
      operation: string;
      retry: number;
      maxRetries: number;
      delayMs: number;
      reason: string;
      at: number;
    }
  /** No progress for `idleMs` while the job was generating (a hint, not an error). */
  | { type: 'stall'; idleMs: number; at: number }
  /** Idle/initializing worker counts, looked up while a job waits in the queue. */
  | { type: 'workers'; idle: number; running: number; initializing: number; at: number }
  | { type: 'usage'; usage: Usage; at: number }
  /** Terminal success: the whole text per choice, final usage and timings. */
  | {
      type: 'done';
      jobId: string;
      status: 'COMPLETED';
      text: string;
      choices: string[];
      /** Reasoning per choice, when the model sent any (absent otherwise). */
      reasoning?: string[];
      /** finish_reason per choice as the worker said (`stop`, `length`, ...); null where it said none. */
      finishReasons?: (string | null)[];
      /** finish_reason of choice 0 (`finishReasons[0]`), what the local record keeps. */
      finishReason?: string | null;
      usage: Usage;
      timings: Timings;
      retries: number;
      workerId?: string;
      /** Answered from the local cache: nothing was sent (src/store). */
      cached?: boolean;
      /** Estimated cost in USD when a price is configured (execution time x price). */
      costUsd?: number;
      /** Which worker-vllm output generation answered (native jobs), when the output showed it. */
      generation?: 'legacy' | 'openai';
      /** The final /status object as the service returned it (native jobs), so nobody fetches it again. */
      record?: Record<string, unknown>;
      at: number;
    }
  /** Terminal failure (FAILED, TIMED_OUT, CANCELLED by someone else, transport, ...). */
  | {
      type: 'error';
      error: RpvError;
      jobId?: string;
      /** Text produced before the failure, per choice. */
      partial: string[];
      timings: Timings;
      retries: number;
      /** The service's own final status when it differs from the failure (COMPLETED with an error inside the output). */
      serviceStatus?: JobStatus;
      /** The final /status object as the service returned it, when one was read. */
      record?: Record<string, unknown>;
      at: number;
    }
  /** We cancelled the job (Ctrl-C, --timeout, closed pipe); `confirmed` once /cancel answered. */
  | {
      type: 'cancelled';
      jobId?: string;
      reason: 'interrupted' | 'timeout' | 'pipe-closed';
      confirmed: boolean;
      /** We stopped watching without cancelling (`status --follow`/`--wait`): the job runs on. */
      detached?: boolean;
      partial: string[];
      timings: Timings;
      retries: number;
      at: number;
    };

/** Terminal job states. */
const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.has(status as JobStatus);
}

/** The `retry` event for a failed HTTP attempt (`attempt` of `maxAttempts`, counting the first try). */
export function retryEvent(
  info: { operation: string; attempt: number; maxAttempts: number; delayMs: number; reason: string },
  at: number,
): Extract<JobEvent, { type: 'retry' }> {
  return {
    type: 'retry',
    operation: info.operation,
    retry: info.attempt,
    maxRetries: Math.max(1, info.maxAttempts - 1),
    delayMs: info.delayMs,
    reason: info.reason,
    at,
  };
}
