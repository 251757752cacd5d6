// What a job fault does to a job: the terminal status, the error string in the exact shape each
// worker generation reports (runpod-api.md 2.7 and 7.3), and any extra output item.
import type { JobStatus } from './job-status.js';
import { legacyEngineError, workerError } from './py-repr.js';
import { producesSse } from './producers.js';
import type { JobFaultName, WorkerGeneration } from './types.js';
import type { WorkPlan } from './worker-input.js';

/** Faults that strike once generation is under way. */
export const MID_GENERATION_FAULTS: ReadonlySet<JobFaultName> = new Set([
  'fail',
  'fail-legacy',
  'error-in-output',
  'timeout',
  'cancel-remote',
  'request-failed',
  'handler-error',
  'vllm-error-event',
  'worker-crash',
  'stream-only-error',
]);

/** How a job ends when its fault strikes. */
export interface FaultEffect {
  status: JobStatus;
  error?: string;
  /** An item appended to the output before the job ends. */
  item?: unknown;
}

const REJECTED = 'Injected fault: the request was rejected mid-generation.';

/** The aiohttp error text behind the proxy worker's "Request to vLLM failed". */
export const AIOHTTP_PAYLOAD_ERROR =
  "Response payload is not completed: <TransferEncodingError: 400, message='Not enough data to satisfy transfer length header.'>";

/** The runpod SDK's message for a generator handler that raised (not a repr: a plain f-string). */
function handlerError(message: string): string {
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/site-packages/runpod/serverless/modules/rp_job.py", line 223, in run_job_generator',
    '    async for output_partial in job_output:',
    '  File "/src/handler.py", line 41, in handler',
    '    async for chunk in engine.generate(job_input):',
    `RuntimeError: ${message}`,
    '',
  ].join('\n');
  return `handler: ${message} \ntraceback: ${traceback}`;
}

/** The message of the proxy worker when vLLM is gone. */
export const VLLM_DEAD = 'vLLM server process is not running; worker is unhealthy';

/** The effect of a mid-generation fault on a job run by `worker`. */
export function faultEffect(fault: JobFaultName, worker: WorkerGeneration): FaultEffect {
  switch (fault) {
    case 'fail':
      return {
        status: 'FAILED',
        error: worker === 'legacy' ? legacyEngineError(REJECTED) : workerError(`Request to vLLM failed: ${REJECTED}`),
      };
    case 'fail-legacy':
      return { status: 'FAILED', error: legacyEngineError('Injected fault: engine error mid-generation') };
    case 'request-failed':
      return { status: 'FAILED', error: workerError(`Request to vLLM failed: ${AIOHTTP_PAYLOAD_ERROR}`) };
    case 'handler-error':
      return { status: 'FAILED', error: handlerError('Injected fault: the handler raised mid-generation') };
    case 'vllm-dead':
      return { status: 'FAILED', error: workerError(VLLM_DEAD) };
    case 'stream-only-error':
      return { status: 'FAILED', error: workerError(`Request to vLLM failed: ${AIOHTTP_PAYLOAD_ERROR}`) };
    case 'error-in-output':
      return {
        status: 'COMPLETED',
        item: {
          error: {
            object: 'error',
            message: 'Injected fault: error yielded as output (runpod SDK < 1.7.7)',
            type: 'BadRequestError',
            param: null,
            code: 400,
          },
        },
      };
    case 'timeout':
      return { status: 'TIMED_OUT' };
    default:
      return { status: 'CANCELLED' };
  }
}

/** Whether a job fault can act on a job with this plan (an unusable fault stays armed). */
export function faultFits(name: JobFaultName, plan: WorkPlan, worker: WorkerGeneration): boolean {
  if (name === 'utf8-split') return false;
  if (name === 'vllm-error-event') return producesSse(plan);
  if (name === 'request-failed' || name === 'vllm-dead') return worker === 'openai';
  return true;
}
