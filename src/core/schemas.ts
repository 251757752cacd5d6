// Lenient zod schemas of the service's replies: unknown fields pass, a wrong type in a field rpv
// reads is a one-line error (never a ZodError leaking to the user).
import * as z from 'zod/mini';

const count = z.nullish(z.number());

/** `/status`, `/status-sync`, `/runsync`: the job object. */
export const jobStatusSchema = z.looseObject({
  id: z.nullish(z.string()),
  status: z.string(),
  delayTime: count,
  executionTime: count,
  workerId: z.nullish(z.string()),
  output: z.optional(z.unknown()),
  error: z.optional(z.unknown()),
});
export type JobStatusReply = z.infer<typeof jobStatusSchema>;

/** `/stream`: the chunks drained by this call (a missing `stream` means none). */
export const streamSchema = z.looseObject({
  status: z.string(),
  stream: z.pipe(
    z.nullish(z.array(z.looseObject({ output: z.optional(z.unknown()) }))),
    z.transform((items) => items ?? []),
  ),
  error: z.optional(z.unknown()),
});
export type StreamReply = z.infer<typeof streamSchema>;

let warm = false;
/**
 * zod builds a schema's parser on its first use (~3-4 ms for the stream schema, ~1 ms for the
 * /run one). Called while `/run` is on the wire, so neither its reply nor the first `/stream`
 * answer, carrying the first tokens, pays for it.
 */
export function warmJobSchemas(): void {
  if (warm) return;
  warm = true;
  z.safeParse(runSchema, { id: 'warm', status: 'IN_QUEUE' });
  z.safeParse(streamSchema, { status: 'IN_QUEUE', stream: [{ output: '' }] });
}

/** `/run` and `/retry`: the new job's ID. */
export const runSchema = z.looseObject({ id: z.string().check(z.minLength(1)), status: z.nullish(z.string()) });
export type RunReply = z.infer<typeof runSchema>;

/** `/cancel`. */
export const cancelSchema = z.looseObject({ id: z.nullish(z.string()), status: z.nullish(z.string()) });
export type CancelReply = z.infer<typeof cancelSchema>;

/** `/purge-queue`. */
export const purgeSchema = z.looseObject({ removed: count, status: z.nullish(z.string()) });
export type PurgeReply = z.infer<typeof purgeSchema>;

/** `/health`: worker and job counters; the service adds counters over time, so both are open maps. */
export const healthSchema = z.looseObject({
  jobs: z.pipe(
    z.nullish(
      z.looseObject({
        completed: count,
        failed: count,
        inProgress: count,
        inQueue: count,
        retried: count,
      }),
    ),
    z.transform((v) => v ?? {}),
  ),
  workers: z.pipe(
    z.nullish(
      z.looseObject({
        idle: count,
        running: count,
        initializing: count,
        ready: count,
        throttled: count,
        unhealthy: count,
      }),
    ),
    z.transform((v) => v ?? {}),
  ),
});
export type HealthReply = z.infer<typeof healthSchema>;

/** `GET /openai/v1/models`. */
export const modelsSchema = z.looseObject({
  object: z.nullish(z.string()),
  data: z.array(z.looseObject({ id: z.string() })),
});
export type ModelsReply = z.infer<typeof modelsSchema>;

/** Any JSON value (OpenAI POST replies are relayed as they are). */
export const anyJsonSchema = z.unknown();

/** Why a reply did not fit its schema, in one line. */
export class SchemaMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatch';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A `/stream` reply: `parseReply(streamSchema, value)` with the usual shape checked by hand, since
 * one arrives for every few tokens; anything else goes to zod, for the same verdict and message.
 */
export function parseStreamReply(value: unknown): StreamReply {
  if (isRecord(value) && typeof value.status === 'string') {
    const items = value.stream;
    if (items === undefined || items === null) return { ...value, status: value.status, stream: [] };
    if (Array.isArray(items) && items.every(isRecord)) return { ...value, status: value.status, stream: items };
  }
  return parseReply(streamSchema, value);
}

/** Validates `value` against `schema`; throws `SchemaMismatch` with the first problem, one line. */
export function parseReply<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue || issue.path.length === 0) {
    throw new SchemaMismatch(`expected an object, got ${describe(value)}`);
  }
  const path = issue.path.map(String).join('.');
  const expected = (issue as { expected?: unknown }).expected;
  const what = typeof expected === 'string' ? `expected ${expected}` : issue.message;
  throw new SchemaMismatch(`field "${path}": ${what}`);
}
