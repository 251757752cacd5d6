// The record thread: opens the local record (loading the SQLite binding) and runs the
// recorder's writes off the main thread, so neither the binding's start-up nor a write ever
// holds up a token on its way to the screen. Built as its own entry (dist/record-worker.js).
import { parentPort } from 'node:worker_threads';
import type { Env } from '../../core/paths.js';
import { openRecord } from './open-record.js';
import { applyOp, type RecordOp } from './record-ops.js';

/** A request from the main thread. */
export interface RecordRequest {
  seq: number;
  env: Env;
  op: RecordOp;
}

/** The answer: the op's value, or why the record could not be opened or written. */
export type RecordReply =
  | { seq: number; ok: true; value: number | undefined }
  | { seq: number; ok: false; stage: 'open' | 'write'; message: string };

const port = parentPort;
if (port) {
  port.on('message', (req: RecordRequest) => {
    void (async (): Promise<RecordReply> => {
      let record;
      try {
        record = await openRecord(req.env);
      } catch (err) {
        return { seq: req.seq, ok: false, stage: 'open', message: (err as Error).message ?? String(err) };
      }
      try {
        return { seq: req.seq, ok: true, value: applyOp(record, req.op) };
      } catch (err) {
        return { seq: req.seq, ok: false, stage: 'write', message: (err as Error).message ?? String(err) };
      }
    })().then((reply) => port.postMessage(reply));
  });
}
