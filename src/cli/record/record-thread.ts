// The main thread's side of the record thread (record-worker.ts): one worker per process,
// started when the first recorder starts, holding the process open only while a write is
// waiting for its answer. The worker file exists only in the build (dist/record-worker.js);
// run from source, `recordThread` says there is none and the recorder writes on this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Env } from '../../core/paths.js';
import type { RecordOp } from './record-ops.js';
import type { RecordReply, RecordRequest } from './record-worker.js';

/** Runs a write on the record thread; resolves with its reply (never rejects). */
export type RecordThread = (env: Env, op: RecordOp) => Promise<RecordReply>;

// Built, this code sits in dist/chunks/ and the worker entry one folder up.
const WORKER_URL = new URL('../record-worker.js', import.meta.url);

let thread: RecordThread | null | undefined;

// The worker needs the paths, never the key. Worked out once per environment (a process has one).
const pathEnvs = new WeakMap<Env, Env>();
function pathEnv(env: Env): Env {
  let out = pathEnvs.get(env);
  if (!out) {
    const kept: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(env)) if (!/^RUNPOD_/.test(name)) kept[name] = value;
    out = kept;
    pathEnvs.set(env, out);
  }
  return out;
}

function start(): RecordThread | null {
  const file = fileURLToPath(WORKER_URL);
  if (!WORKER_URL.pathname.endsWith('/dist/record-worker.js') || !existsSync(file)) return null;
  let worker: Worker;
  try {
    worker = new Worker(file, { stdout: false, stderr: false });
  } catch {
    return null;
  }
  worker.unref();
  const waiting = new Map<number, (reply: RecordReply) => void>();
  let seq = 0;
  let dead: string | undefined;
  const failAll = (message: string) => {
    dead = message;
    for (const [id, resolve] of waiting) resolve({ seq: id, ok: false, stage: 'open', message });
    waiting.clear();
    worker.unref();
  };
  worker.on('message', (reply: RecordReply) => {
    const resolve = waiting.get(reply.seq);
    waiting.delete(reply.seq);
    if (waiting.size === 0) worker.unref();
    resolve?.(reply);
  });
  worker.on('error', (err) => failAll(err.message));
  worker.on('exit', (code) => failAll(`the record thread stopped (exit ${code})`));
  return (env, op) =>
    new Promise((resolve) => {
      const id = ++seq;
      if (dead !== undefined) return resolve({ seq: id, ok: false, stage: 'open', message: dead });
      waiting.set(id, resolve);
      worker.ref();
      const req: RecordRequest = { seq: id, env: pathEnv(env), op };
      worker.postMessage(req);
    });
}

/**
 * The record thread, started on first use; undefined when run from source or it cannot start.
 * `env`'s paths are worked out now too, before the job's first requests.
 */
export function recordThread(env: Env): RecordThread | undefined {
  if (thread === undefined) thread = start();
  if (thread) pathEnv(env);
  return thread ?? undefined;
}
