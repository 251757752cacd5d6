// The record's part in one generation: whether the cache may answer it (and with what), and the
// recorder that wraps the job's events. generate.ts calls this and nothing else of the record.
import type { JobEvent } from '../../core/events.js';
import type { ChatMessage, SamplingOptions } from '../../core/request.js';
import type { CliIo } from '../../core/io.js';
import { cachedEvents } from './cache-hit.js';
import { cacheKey, isDeterministic } from './cache-key.js';
import { openRecordOrWarn } from './open-record.js';
import { recorded } from './recorder.js';
import { recordSettings, type RecordFlags } from './settings.js';

/** What the plan needs from the command context. */
export interface PlanContext {
  endpoint: string;
  baseUrl: string;
  profile: string;
  defaults: Record<string, unknown>;
  warn: (line: string) => void;
  verbose: (line: string) => void;
}

/** One generation's recording and cache. */
export interface GenerationRecord {
  /** The cached answer as events, or undefined (the record is not touched when the cache is off). */
  cacheHit(): Promise<AsyncIterable<JobEvent> | undefined>;
  /** The job's events, recorded as they pass. */
  wrap(events: AsyncIterable<JobEvent>): AsyncIterable<JobEvent>;
}

/** Plans recording (and caching) for a generation. */
export function generationRecord(
  flags: RecordFlags,
  io: CliIo,
  ctx: PlanContext,
  o: {
    command: string;
    route: 'native' | 'openai';
    model?: string;
    what: { prompt: string } | { messages: ChatMessage[] };
    sampling?: SamplingOptions;
    cacheable?: boolean;
  },
): GenerationRecord {
  const settings = recordSettings(flags, ctx.defaults);
  const input = 'prompt' in o.what ? { prompt: o.what.prompt } : { messages: o.what.messages };
  let key: string | undefined;
  if (settings.cache && o.sampling && o.cacheable !== false) {
    if (isDeterministic(o.sampling)) {
      key = cacheKey({
        baseUrl: ctx.baseUrl,
        endpoint: ctx.endpoint,
        route: o.route,
        model: o.model,
        input,
        sampling: o.sampling,
      });
    } else {
      ctx.verbose('cache: not used, the request is sampled (it needs --temperature 0 or a --seed)');
    }
  }
  const prompt = 'prompt' in input ? input.prompt : JSON.stringify(input.messages);
  const info = {
    command: o.command,
    endpoint: ctx.endpoint,
    baseUrl: ctx.baseUrl,
    profile: ctx.profile,
    route: o.route,
    model: o.model,
    prompt,
    settings,
    cacheKey: key,
    warn: ctx.warn,
  };
  return {
    async cacheHit() {
      if (key === undefined) return undefined;
      const startedAt = Date.now();
      const r = await openRecordOrWarn(io.env, ctx.warn, 'the cache is not used');
      if (!r) return undefined;
      let answer;
      try {
        answer = r.lib.cacheGet(r.store, key, new Date(), settings.cacheTtlMs);
      } catch (err) {
        ctx.warn(`could not read the cache: ${(err as Error).message}`);
        return undefined;
      }
      if (!answer) {
        ctx.verbose('cache: miss');
        return undefined;
      }
      ctx.verbose(`cache: hit (answer of job ${answer.jobId ?? 'without an ID'})`);
      return recorded(cachedEvents(answer, startedAt), { ...info, cacheKey: undefined }, io);
    },
    wrap(events) {
      return recorded(events, info, io);
    },
  };
}
