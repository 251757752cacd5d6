// `rpv batch [file]`: many requests as Runpod jobs, crash-safe and resumable. Flags and input are
// checked before anything is sent; the batch's state lives in the local record.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dataDir } from '../../core/paths.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { pricePerSecond } from '../../core/gpu-prices.js';
import { BudgetGate } from '../../batch/budget-gate.js';
import { initialPolicy } from '../../batch/concurrency-policy.js';
import { fileSink, streamSink } from '../../batch/output-file.js';
import {
  batchIdentity,
  inputLines,
  outputKey,
  reconcile,
  validateInput,
  type InputSource,
} from '../../batch/prepare.js';
import { startProgress } from '../../batch/progress.js';
import { lockBatch } from '../../batch/lock.js';
import { BatchRunner } from '../../batch/runner.js';
import { BatchStats, summarize, summaryText } from '../../batch/stats.js';
import { ResultWriter } from '../../batch/writer.js';
import { BatchStore, openBatchDb } from '../../store/batch-tables.js';
import { commandContext } from '../context.js';
import { recordSettings } from '../record/settings.js';
import type { FlagValues, ParsedFlags } from '../../core/flags/values.js';
import type { CliIo } from '../../core/io.js';

/** Validated batch-only flags. */
export interface BatchFlags {
  output?: string;
  errors?: string;
  ordered: boolean;
  concurrency?: number;
  retryFailed: boolean;
}

/** Parses the batch-only flags; throws UsageError naming the flag. */
export function parseBatchFlags(
  opts: Pick<FlagValues, 'output' | 'errors' | 'ordered' | 'concurrency' | 'retryFailed' | 'json'>,
): BatchFlags {
  const flags: BatchFlags = { ordered: Boolean(opts.ordered), retryFailed: Boolean(opts.retryFailed) };
  const c = opts.concurrency;
  if (c !== undefined && c !== 'auto') {
    const n = Number(c);
    if (!/^\d+$/.test(String(c)) || n < 1 || n > 10_000)
      throw new UsageError(`--concurrency must be auto or an integer between 1 and 10000 (got ${String(c)})`);
    flags.concurrency = n;
  }
  for (const key of ['output', 'errors'] as const) {
    const v = opts[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${key} needs a file name`);
    if (v !== '-') flags[key] = v;
  }
  if (opts.json && flags.output === undefined) {
    throw new UsageError('--json prints the summary on stdout, so the result lines need -o <file>');
  }
  if (
    flags.errors !== undefined &&
    flags.output !== undefined &&
    path.resolve(flags.errors) === path.resolve(flags.output)
  ) {
    throw new UsageError('--errors must name a different file than -o');
  }
  return flags;
}

// The profile's price per worker-second (price, or gpu x gpu-count), or null without one.
function priceOf(defaults: Record<string, unknown>): number | null {
  return pricePerSecond({ price: defaults.price, gpu: defaults.gpu, gpuCount: defaults['gpu-count'] }) ?? null;
}

/** Runs `batch`. */
export async function runBatch(args: unknown[], parsed: ParsedFlags, io: CliIo): Promise<number> {
  const { policy, webhook } = parsed;
  const flags = parseBatchFlags(parsed.values);
  const fileArg = args[0] as string | undefined;
  const fromStdin = fileArg === undefined || fileArg === '-';
  if (fromStdin && io.stdinIsTTY) {
    throw new UsageError('no input: give a JSON-lines file, or pipe one in', {
      hint: 'example: rpv batch prompts.jsonl -o results.jsonl',
    });
  }
  const folder = dataDir(io.env);
  const db = openBatchDb(folder);
  const store = new BatchStore(db);
  const spool = path.join(folder, `batch-stdin-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
  let unlock: (() => void) | undefined;
  try {
    const source: InputSource = fromStdin
      ? { kind: 'stdin', stream: io.stdin, spool }
      : { kind: 'file', file: fileArg };
    const input = await validateInput(source, store);
    const ctx = commandContext(parsed, io);
    const sampling = ctx.sampling;
    let model = ctx.common.model;
    if (ctx.common.api === 'openai' && model === undefined) model = (await ctx.client.openaiModels()).data[0]?.id;
    const defaults = {
      sampling,
      api: ctx.common.api,
      policy,
      ...(model === undefined ? {} : { model }),
      ...(webhook === undefined ? {} : { webhook }),
    };
    const batchId = batchIdentity({
      inputHash: input.hash,
      output: outputKey(flags.output),
      errors: flags.errors === undefined ? undefined : outputKey(flags.errors),
      endpoint: `${ctx.baseUrl} ${ctx.endpoint}`,
      flags: defaults,
    });
    unlock = lockBatch(folder, batchId);
    const stats = new BatchStats();
    if (!store.findBatch(batchId)) {
      store.createBatch({
        id: batchId,
        inputHash: input.hash,
        inputName: fromStdin ? '-' : path.resolve(fileArg),
        outputPath: outputKey(flags.output),
        endpoint: ctx.endpoint,
        flags: JSON.stringify(defaults),
      });
    } else if (flags.retryFailed) store.resetFailed(batchId);
    await reconcile(store, batchId, [flags.output, flags.errors], flags.retryFailed);
    const before = store.counts(batchId);
    stats.total = input.lines;
    stats.skipped = before.done + before.failed;
    ctx.verbose(
      `batch ${batchId}: ${input.lines} lines, ${stats.skipped} already answered, ${before.submitted} to re-attach`,
    );

    let workers = 0;
    if (flags.concurrency === undefined) {
      try {
        const h = await ctx.client.health({ retries: 1 });
        workers = (h.workers.idle ?? 0) + (h.workers.running ?? 0) + (h.workers.initializing ?? 0);
      } catch (err) {
        if ((err as { exitCode?: number }).exitCode !== ExitCode.unavailable) throw err;
      }
    }
    const out = flags.output ? fileSink(flags.output) : streamSink(io.stdout);
    const errs = flags.errors ? fileSink(flags.errors) : undefined;
    const policyState = initialPolicy({ fixed: flags.concurrency, workers });
    let jobLogWarned = false;
    const writer = new ResultWriter(
      store,
      batchId,
      out,
      errs,
      flags.ordered ? { capacity: Math.max(1000, policyState.max * 2) } : undefined,
      (err) => {
        if (jobLogWarned) return;
        jobLogWarned = true;
        ctx.warn(`could not add the batch's jobs to the job log (rpv log): ${(err as Error).message}`);
      },
    );
    const gate = new BudgetGate();
    const runner = new BatchRunner({
      client: ctx.client,
      store,
      batchId,
      defaults,
      gate,
      stats,
      policy: policyState,
      lines: inputLines(input.file),
      emit: writer.emit,
      backlog: () => writer.backlog,
      announce: writer.announce,
      interrupt: io.signal,
      pricePerSecond: priceOf(ctx.defaults),
      jobLog: {
        endpoint: ctx.endpoint,
        baseUrl: ctx.baseUrl,
        profile: ctx.profile,
        logText: recordSettings({}, ctx.defaults).logText,
      },
      verbose: ctx.verbose,
    });
    const progress = startProgress(io.stderr, ctx.common.quiet, stats, () => runner.limit);
    const end = await runner.run();
    progress.stop();
    await writer.flush();
    out.close();
    errs?.close();
    const after = store.counts(batchId);
    const remaining = after.pending + after.submitting + after.submitted;
    store.touch(batchId, remaining === 0);
    const status =
      end.kind === 'interrupted'
        ? 'interrupted'
        : end.kind === 'fatal'
          ? 'stopped'
          : after.failed > 0
            ? 'failed'
            : 'completed';
    const summary = summarize(stats, { batchId, status, remaining, httpRequests: { ...gate.sent } });
    summary.possiblyDuplicated = Math.max(summary.possiblyDuplicated, store.possibleDuplicates(batchId));
    if (ctx.common.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
    else if (!ctx.common.quiet || end.kind !== 'completed' || after.failed > 0) io.stderr.write(summaryText(summary));
    if (end.kind === 'fatal') throw end.error;
    if (end.kind === 'interrupted') return io.signal.reason === 'pipe-closed' ? ExitCode.ok : ExitCode.interrupted;
    return after.failed > 0 ? ExitCode.jobFailed : ExitCode.ok;
  } finally {
    unlock?.();
    db.close();
    fs.rmSync(spool, { force: true });
  }
}
