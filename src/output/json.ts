// `--json`: one object on stdout when the job ends, in the contract's shape; errors still get
// their one line on stderr so a person watching sees them.
import type { JobEvent, Timings, Usage } from '../core/events.js';
import type { CliIo } from '../core/io.js';
import { cutWhileReasoning } from './plain.js';
import { cancelledMessage, exitCodeOf, formatError, terminalStatus, type TerminalEvent } from './outcome.js';

function usageJson(usage: Usage | undefined) {
  return {
    prompt_tokens: usage?.promptTokens ?? null,
    completion_tokens: usage?.completionTokens ?? null,
    ...(usage?.estimated ? { estimated: true } : {}),
  };
}

function timingsJson(t: Timings) {
  return {
    queueMs: t.queueMs ?? null,
    executionMs: t.executionMs ?? null,
    firstTokenMs: t.firstTokenMs ?? null,
    totalMs: t.totalMs,
    tokensPerSecond: t.tokensPerSecond === undefined ? null : Number(t.tokensPerSecond.toFixed(2)),
  };
}

/** Per-choice entries with -n > 1: text, finishReason and reasoning where the model sent any. */
function choicesJson(texts: string[], finish?: (string | null)[], reasoning?: string[]) {
  return texts.map((text, index) => ({
    index,
    text,
    finishReason: finish?.[index] ?? null,
    ...(reasoning && (reasoning[index] ?? '') !== '' ? { reasoning: reasoning[index] } : {}),
  }));
}

/** The contract's `--json` object for any terminal event; `id` is null where no job exists (the OpenAI route). */
export function resultObject(ev: TerminalEvent, choices: number): Record<string, unknown> {
  if (ev.type === 'done') {
    const reasoning = ev.reasoning?.[0];
    return {
      id: ev.jobId || null,
      status: ev.status,
      text: ev.text,
      ...(reasoning ? { reasoning } : {}),
      finishReason: ev.finishReasons?.[0] ?? null,
      usage: usageJson(ev.usage),
      timings: timingsJson(ev.timings),
      retries: ev.retries,
      ...(choices > 1 ? { choices: choicesJson(ev.choices, ev.finishReasons, ev.reasoning) } : {}),
      cached: ev.cached === true,
      costUsd: ev.costUsd ?? null,
    };
  }
  // The service said COMPLETED yet the output held an error: both facts, the exit code stays 5.
  const status = ev.type === 'error' && ev.serviceStatus ? ev.serviceStatus : terminalStatus(ev);
  const message = ev.type === 'error' ? ev.error.message : `cancelled (${ev.reason})`;
  return {
    id: ev.jobId || null,
    status,
    text: ev.partial[0] ?? '',
    finishReason: null,
    usage: usageJson(undefined),
    timings: timingsJson(ev.timings),
    retries: ev.retries,
    ...(choices > 1 ? { choices: choicesJson(ev.partial) } : {}),
    cached: false,
    costUsd: null,
    error: { message, exitCode: exitCodeOf(ev), ...(ev.type === 'error' && ev.serviceStatus ? { failed: true } : {}) },
  };
}

/** Collects the events and prints one JSON object at the end; `extra` fields (e.g. the chat's `session`) are added to it. */
export async function renderJson(
  events: AsyncIterable<JobEvent>,
  io: CliIo,
  choices: number,
  extra: Record<string, unknown> = {},
): Promise<TerminalEvent> {
  for await (const ev of events) {
    if (ev.type === 'done' || ev.type === 'error' || ev.type === 'cancelled') {
      io.stdout.write(`${JSON.stringify({ ...resultObject(ev, choices), ...extra })}\n`);
      const cut = ev.type === 'done' ? cutWhileReasoning(ev) : undefined;
      if (cut) io.stderr.write(cut);
      if (ev.type === 'error') io.stderr.write(formatError(ev.error, ev.jobId));
      if (ev.type === 'cancelled') {
        const msg = cancelledMessage(ev);
        if (msg) io.stderr.write(msg);
      }
      return ev;
    }
  }
  throw new Error('job event stream ended without a result');
}
