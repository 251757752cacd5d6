// Pure: a finished job's status object -> one output line in the OpenAI batch output shape, so the
// same downstream code reads rpv's, vLLM's and OpenAI's results. Legacy worker output
// ({choices:[{tokens}], usage:{input, output}}) is rebuilt as the OpenAI object it stands for.
import { decodeOutput } from '../core/output-decoder.js';
import { readableError } from '../core/python-repr.js';
import type { JobStatusReply } from '../core/schemas.js';
import type { FinishedFields } from '../store/batch-tables.js';
import type { JobRecord } from '../store/job-row.js';
import type { RequestShape } from './requests.js';

/** Error codes of the contract. */
export type BatchErrorCode = 'job_failed' | 'timed_out' | 'cancelled' | 'unavailable' | 'invalid_request';

/** rpv's own facts about the job, beside the OpenAI shape. */
export interface RpvFacts {
  status: string;
  delayTime: number | null;
  executionTime: number | null;
  workerId: string | null;
  retries: number;
  cached: boolean;
  costUsd: number | null;
}

/** One output line, before serialisation. */
export interface ResultLine {
  id: string | null;
  custom_id: string;
  response: { status_code: number; request_id: string; body: Record<string, unknown> } | null;
  error: { code: BatchErrorCode; message: string } | null;
  rpv: RpvFacts;
}

/** What the summary and the record keep of a result. */
export interface ResultFacts {
  ok: boolean;
  text: string;
  promptTokens?: number;
  completionTokens?: number;
  finishReason?: string;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const OPENAI_OBJECTS = new Set(['text_completion', 'chat.completion']);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The OpenAI object inside the output, if the worker produced one whole (proxy or openai_route). */
function openAIObject(output: unknown): Rec | undefined {
  const items = Array.isArray(output) ? output : [output];
  if (items.length !== 1 || !isRec(items[0])) return undefined;
  const o = items[0];
  return typeof o.object === 'string' && OPENAI_OBJECTS.has(o.object) && Array.isArray(o.choices) ? o : undefined;
}

/** Builds the OpenAI object from decoded text (legacy output and any other shape). */
function synthesize(
  jobId: string,
  output: unknown,
  shape: RequestShape,
  created: number,
): { body: Rec; error?: string } {
  const decoded = decodeOutput(output);
  if (decoded.error !== undefined) return { body: {}, error: decoded.error };
  const prompt = decoded.usage?.promptTokens ?? 0;
  const completion = decoded.usage?.completionTokens ?? 0;
  const finish = shape.maxTokens !== undefined && completion >= shape.maxTokens ? 'length' : 'stop';
  const texts = decoded.texts.length > 0 ? decoded.texts : [''];
  const choices = texts.map((text, index) =>
    shape.api === 'chat'
      ? { index, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finish }
      : { index, text, logprobs: null, finish_reason: finish },
  );
  return {
    body: {
      id: `${shape.api === 'chat' ? 'chatcmpl' : 'cmpl'}-${jobId}`,
      object: shape.api === 'chat' ? 'chat.completion' : 'text_completion',
      created,
      model: shape.model ?? 'unknown',
      choices,
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    },
  };
}

/** The reply text and token counts of an OpenAI object (choice 0 first, all choices joined). */
function factsOf(body: Rec): ResultFacts {
  const choices = Array.isArray(body.choices) ? body.choices.filter(isRec) : [];
  const text = choices
    .map((c) =>
      typeof c.text === 'string'
        ? c.text
        : isRec(c.message) && typeof c.message.content === 'string'
          ? c.message.content
          : '',
    )
    .join('');
  const usage = isRec(body.usage) ? body.usage : {};
  const facts: ResultFacts = { ok: true, text };
  if (count(usage.prompt_tokens) !== null) facts.promptTokens = usage.prompt_tokens as number;
  if (count(usage.completion_tokens) !== null) facts.completionTokens = usage.completion_tokens as number;
  const finish = choices[0]?.finish_reason;
  if (typeof finish === 'string') facts.finishReason = finish;
  return facts;
}

/** rpv's facts from a status object. */
export function rpvFacts(
  reply: Partial<JobStatusReply> & { status: string },
  retries: number,
  pricePerSecond: number | null,
): RpvFacts {
  const exec = count(reply.executionTime);
  return {
    status: reply.status,
    delayTime: count(reply.delayTime),
    executionTime: exec,
    workerId: typeof reply.workerId === 'string' ? reply.workerId : null,
    retries,
    cached: false,
    costUsd: pricePerSecond !== null && exec !== null ? (exec / 1000) * pricePerSecond : null,
  };
}

/** A failed line's output object. */
export function errorLine(
  customId: string,
  jobId: string | null,
  code: BatchErrorCode,
  message: string,
  rpv: RpvFacts,
): ResultLine {
  return { id: jobId, custom_id: customId, response: null, error: { code, message }, rpv };
}

const TERMINAL_CODES: Record<string, BatchErrorCode> = {
  FAILED: 'job_failed',
  TIMED_OUT: 'timed_out',
  CANCELLED: 'cancelled',
};

/** The output line for a terminal status object. */
export function resultFromStatus(
  customId: string,
  reply: JobStatusReply,
  shape: RequestShape,
  rpv: RpvFacts,
  created = Math.floor(Date.now() / 1000),
): { line: ResultLine; facts: ResultFacts } {
  const jobId = reply.id ?? '';
  const failed = TERMINAL_CODES[reply.status];
  if (failed !== undefined) {
    const message =
      reply.error !== undefined && reply.error !== null ? readableError(reply.error) : `the job ended ${reply.status}`;
    return { line: errorLine(customId, jobId, failed, message, rpv), facts: { ok: false, text: '' } };
  }
  if (reply.output === undefined || reply.output === null) {
    return {
      line: errorLine(customId, jobId, 'job_failed', 'the job COMPLETED without output', rpv),
      facts: { ok: false, text: '' },
    };
  }
  const whole = openAIObject(reply.output);
  const built = whole ? { body: whole } : synthesize(jobId, reply.output, shape, created);
  if ('error' in built && built.error !== undefined) {
    return { line: errorLine(customId, jobId, 'job_failed', built.error, rpv), facts: { ok: false, text: '' } };
  }
  const line: ResultLine = {
    id: jobId,
    custom_id: customId,
    response: { status_code: 200, request_id: jobId, body: built.body },
    error: null,
    rpv,
  };
  return { line, facts: factsOf(built.body) };
}

/** What the local record keeps of a finished request (timings, tokens, reply text, error). */
export function recordFields(
  jobId: string | null,
  line: ResultLine,
  rpv: RpvFacts,
  facts: ResultFacts,
): FinishedFields {
  return {
    state: facts.ok ? 'done' : 'failed',
    jobId,
    ...(line.error ? { errorCode: line.error.code, errorMessage: line.error.message } : {}),
    ...(rpv.delayTime === null ? {} : { delayMs: rpv.delayTime }),
    ...(rpv.executionTime === null ? {} : { executionMs: rpv.executionTime }),
    ...(rpv.workerId === null ? {} : { workerId: rpv.workerId }),
    ...(facts.promptTokens === undefined ? {} : { promptTokens: facts.promptTokens }),
    ...(facts.completionTokens === undefined ? {} : { completionTokens: facts.completionTokens }),
    replyText: facts.text,
  };
}

/** Who runs the batch: what its jobs' rows in the job log say besides the job itself. */
export interface JobLogInfo {
  endpoint: string;
  baseUrl: string;
  profile: string;
  /** false with `log-text false`: no prompt or reply text. */
  logText: boolean;
}

/** One finished job of the batch as the job log (`rpv log`, `rpv stats`) keeps it. */
export function jobLogRow(
  info: JobLogInfo,
  job: {
    jobId: string;
    status: string;
    submittedAt: number | undefined;
    finishedAt: number;
    retries: number;
    rpv: RpvFacts;
    facts: ResultFacts;
    model?: string;
    prompt?: string;
    error?: string;
  },
): Omit<JobRecord, 'rowId'> {
  const { rpv, facts } = job;
  const exec = rpv.executionTime;
  const out = facts.completionTokens;
  const finished = new Date(job.finishedAt).toISOString();
  return {
    jobId: job.jobId,
    endpoint: info.endpoint,
    baseUrl: info.baseUrl,
    profile: info.profile,
    command: 'batch',
    route: 'native',
    ...(job.model === undefined ? {} : { model: job.model }),
    submittedAt: new Date(job.submittedAt ?? job.finishedAt).toISOString(),
    finishedAt: finished,
    status: job.status,
    statusSeenAt: finished,
    retries: job.retries,
    ...(rpv.delayTime === null ? {} : { queueMs: rpv.delayTime }),
    ...(exec === null ? {} : { executionMs: exec }),
    ...(job.submittedAt === undefined ? {} : { totalMs: Math.max(0, job.finishedAt - job.submittedAt) }),
    ...(facts.promptTokens === undefined ? {} : { tokensIn: facts.promptTokens }),
    ...(out === undefined ? {} : { tokensOut: out }),
    ...(out !== undefined && exec !== null && exec > 0 ? { tokensPerSecond: out / (exec / 1000) } : {}),
    ...(facts.finishReason === undefined ? {} : { finishReason: facts.finishReason }),
    ...(rpv.costUsd === null ? {} : { costUsd: rpv.costUsd }),
    cached: false,
    ...(rpv.workerId === null ? {} : { workerId: rpv.workerId }),
    ...(job.error === undefined ? {} : { error: job.error }),
    ...(info.logText && job.prompt !== undefined ? { prompt: job.prompt } : {}),
    ...(info.logText && facts.ok ? { reply: facts.text } : {}),
  };
}
