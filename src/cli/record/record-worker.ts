// The record thread: opens the local record (loading the SQLite binding) and runs the
// recorder's writes off the main thread, so neither the binding's start-up nor a write ever
// holds up a token on its way to the screen. Built as its own entry (dist/record-worker.js).
import { parentPort } from 'node:worker_threads';
import type { Env } from '../../core/paths.js';
import { openRecord } from './open-record.js';
import { runOp, type OpResult, type RecordOp } from './record-ops.js';

/** A request from the main thread. */
export interface RecordRequest {
  seq: number;
  env: Env;
  op: RecordOp;
}

/** The answer to request `seq`. */
export type RecordReply = OpResult & { seq: number };

const port = parentPort;
if (port) {
  port.on('message', (req: RecordRequest) => {
    void runOp(() => openRecord(req.env), req.op).then((result) => port.postMessage({ ...result, seq: req.seq }));
  });
}
