// Records every job in the local record as its events pass by, without holding them up: in the
// built binary the store opens (and the SQLite binding loads) on a thread of its own and every
// write is posted to it in order, so no token waits for SQLite on its way to the screen. A
// record that cannot be used gives one warning; the job and its output go on as if nothing
// happened.
import type { JobEvent } from '../../core/events.js';
import { estimateCost } from '../../core/gpu-prices.js';
import { recordJob as journalRecord, updateJob as journalUpdate } from '../../data/journal.js';
import { terminalStatus } from '../../output/outcome.js';
import type { CliIo } from '../../core/io.js';
import type { Env } from '../../core/paths.js';
import { openRecord, recordOpened, recordProblem, type OpenRecord } from './open-record.js';
import { runOp, type RecordOp } from './record-ops.js';
import { recordThread } from './record-thread.js';
import type { RecordSettings } from './settings.js';

/** What the recorder knows about the job beyond its events. */
export interface RecordInfo {
  command: string;
  endpoint: string;
  baseUrl: string;
  profile: string;
  route: 'native' | 'openai';
  model?: string;
  /** The prompt text, or the conversation (kept as JSON). */
  prompt?: string;
  settings: RecordSettings;
  /** Where to keep a deterministic answer, when the cache is on. */
  cacheKey?: string;
  warn: (line: string) => void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type Terminal = Extract<JobEvent, { type: 'done' | 'error' | 'cancelled' }>;

// The first choice's finish reason as the worker said it (`stop`, `length`, ...).
function finishReasonOf(ev: Terminal): string | undefined {
  if (ev.type !== 'done') return undefined;
  const first = ev.finishReasons?.[0];
  return typeof first === 'string' ? first : undefined;
}

function terminalFields(ev: Terminal, info: RecordInfo) {
  const known = terminalStatus(ev);
  const t = ev.timings;
  const base = {
    status: known === 'ERROR' ? 'UNKNOWN' : known,
    finishedAt: new Date(ev.at || Date.now()).toISOString(),
    statusSeenAt: new Date().toISOString(),
  };
  if (!info.settings.log) return base;
  const usage = ev.type === 'done' ? ev.usage : undefined;
  const text = ev.type === 'done' ? (ev.choices.length > 1 ? ev.choices.join('\n\n') : ev.text) : (ev.partial[0] ?? '');
  return {
    ...base,
    retries: ev.retries,
    queueMs: t.queueMs,
    executionMs: t.executionMs,
    firstTokenMs: t.firstTokenMs,
    totalMs: t.totalMs,
    tokensPerSecond: t.tokensPerSecond,
    tokensIn: usage?.promptTokens,
    tokensOut: usage?.completionTokens,
    tokensEstimated: usage?.estimated === true,
    finishReason: finishReasonOf(ev),
    costUsd: ev.type === 'done' ? ev.costUsd : estimateCost(t.executionMs, info.settings.pricePerSecond),
    cached: ev.type === 'done' && ev.cached === true,
    cachedFrom: ev.type === 'done' && ev.cached === true ? ev.jobId || undefined : undefined,
    workerId: ev.type === 'done' ? ev.workerId : undefined,
    error: ev.type === 'error' ? ev.error.message : ev.type === 'cancelled' ? `cancelled (${ev.reason})` : undefined,
    reply: info.settings.logText ? text : undefined,
  };
}

/** The done event with its estimated cost, when a price is configured. */
function withCost(ev: JobEvent, price: number | undefined): JobEvent {
  if (ev.type !== 'done' || ev.costUsd !== undefined || price === undefined) return ev;
  return { ...ev, costUsd: ev.cached ? 0 : estimateCost(ev.timings.executionMs, price) };
}

/** Passes `events` through unchanged (the done event gains its cost) while recording the job. */
export async function* recorded(
  events: AsyncIterable<JobEvent>,
  info: RecordInfo,
  io: CliIo,
): AsyncGenerator<JobEvent> {
  let chain: Promise<void> = Promise.resolve();
  let broken = false;
  let rowId: number | undefined;
  let jobId: string | undefined;
  // Built, the writes run on the record thread, started now so it is ready before the first
  // token. Run from source, or when this process has the record open already (a cache lookup
  // loaded SQLite here), they run here, the record opening after the first poll is on the wire.
  const thread = recordOpened(io.env) ? undefined : recordThread(io.env);
  // The first date a process formats takes most of a millisecond: paid here, before the job's
  // first request, rather than between its /run reply and its first /stream poll.
  new Date(0).toISOString();
  let opening: Promise<OpenRecord> | undefined;
  const openHere = () =>
    (opening ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => openRecord(io.env)));
  const run = thread ?? ((env: Env, op: RecordOp) => runOp(openHere, op));
  // Runs one write in order after the others; `make` builds it when its turn comes (an update
  // needs the row number the insert answered). `fallback` keeps status/cancel working through
  // the old journal when the record is unusable.
  const write = (make: () => RecordOp | undefined, fallback?: () => void, answered?: (value: number) => void) => {
    // Each write waits a turn of the event loop: a job's next request (the first /stream poll
    // after /run answered) goes on the wire before the record is written, not after it.
    chain = chain.then(nextTurn).then(async () => {
      if (broken) return fallback?.();
      const op = make();
      if (!op) return;
      const result = await run(io.env, op);
      if (result.ok) {
        if (result.value !== undefined) answered?.(result.value);
        return;
      }
      broken = true;
      info.warn(
        result.stage === 'open'
          ? `${recordProblem(io.env, new Error(result.message))}; this job is not recorded`
          : `could not write the local record: ${result.message}; this job is not fully recorded`,
      );
      fallback?.();
    });
  };
  const start = (id: string | undefined, at: number) => {
    // Built when the write's turn comes, not while the job waits to send its next request (the
    // first date formatted in a process takes most of a millisecond).
    const seenAt = Date.now();
    const row = () => ({
      jobId: id,
      endpoint: info.endpoint,
      baseUrl: info.baseUrl,
      profile: info.profile,
      command: info.command,
      route: info.route,
      model: info.model,
      submittedAt: new Date(at).toISOString(),
      status: 'IN_QUEUE',
      statusSeenAt: new Date(seenAt).toISOString(),
      prompt: info.settings.log && info.settings.logText ? info.prompt : undefined,
    });
    write(
      () => ({ op: 'insertJob', row: row() }),
      () => {
        if (id)
          journalRecord(io.env, {
            id,
            endpoint: info.endpoint,
            baseUrl: info.baseUrl,
            profile: info.profile,
            command: info.command,
            submittedAt: new Date(at).toISOString(),
            status: 'IN_QUEUE',
          });
      },
      (value) => {
        rowId = value;
      },
    );
  };
  try {
    for await (const raw of events) {
      const ev = withCost(raw, info.settings.pricePerSecond);
      if (ev.type === 'submitted') {
        jobId = ev.jobId;
        start(ev.jobId, ev.at);
      } else if (ev.type === 'status' && jobId !== undefined && info.settings.log) {
        const seenAt = Date.now();
        const fields = () => ({
          status: ev.status,
          statusSeenAt: new Date(seenAt).toISOString(),
          workerId: ev.workerId,
          queueMs: ev.delayTime,
          executionMs: ev.executionTime,
        });
        write(() => (rowId === undefined ? undefined : { op: 'updateJobRow', rowId, fields: fields() }));
      } else if (ev.type === 'done' || ev.type === 'error' || ev.type === 'cancelled') {
        // The OpenAI route and cache hits submit nothing: their row starts at the end.
        if (rowId === undefined && jobId === undefined && info.settings.log)
          start(undefined, Date.now() - ev.timings.totalMs);
        const fields = terminalFields(ev, info);
        const id = jobId;
        write(
          () => (rowId === undefined ? undefined : { op: 'updateJobRow', rowId, fields }),
          () => {
            if (id) journalUpdate(io.env, id, { status: fields.status, finishedAt: fields.finishedAt });
          },
        );
        const cacheKey = ev.type === 'done' && ev.cached !== true ? info.cacheKey : undefined;
        if (ev.type === 'done' && cacheKey !== undefined) {
          const answer = {
            jobId: ev.jobId || undefined,
            text: ev.text,
            choices: ev.choices,
            usage: ev.usage,
            finishReason: finishReasonOf(ev),
          };
          write(() => ({
            op: 'cachePut',
            key: cacheKey,
            endpoint: info.endpoint,
            answer,
            ttlMs: info.settings.cacheTtlMs,
          }));
        }
      }
      yield ev;
    }
  } finally {
    await chain;
  }
}
