// What a mid-generation job fault does to a job: the terminal status, the error string in the
// exact shape each worker generation reports, and any extra output item.
import type { JobStatus } from '../core/events.js';
import { legacyEngineError, vllmErrorBody, workerError } from './py-repr.js';
import type { JobFaultName } from './types.js';

/** Faults that strike once generation is under way. */
export const MID_GENERATION_FAULTS: ReadonlySet<JobFaultName> = new Set(['fail', 'fail-legacy', 'error-in-output', 'timeout', 'cancel-remote']);

/** How a job ends when its fault strikes. */
export interface FaultEffect {
  status: JobStatus;
  error?: string;
  /** An item appended to the output before the job ends. */
  item?: unknown;
}

/** The effect of a mid-generation fault. */
export function faultEffect(fault: JobFaultName): FaultEffect {
  switch (fault) {
    case 'fail': {
      const body = vllmErrorBody('Injected fault: the request was rejected mid-generation.', 'BadRequestError', 400);
      return { status: 'FAILED', error: workerError(`vLLM returned HTTP 400: ${body}`) };
    }
    case 'fail-legacy':
      return { status: 'FAILED', error: legacyEngineError('Injected fault: engine error mid-generation') };
    case 'error-in-output':
      return { status: 'COMPLETED', item: { error: workerError('Injected fault: error yielded as output (runpod SDK < 1.7.7)') } };
    case 'timeout':
      return { status: 'TIMED_OUT' };
    default:
      return { status: 'CANCELLED' };
  }
}
