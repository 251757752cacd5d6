// The writes the recorder makes, as plain data, so the same write can run on this thread or be
// posted to the record thread (record-thread.ts) and run there.
import type { OpenRecord } from './open-record.js';

type Lib = OpenRecord['lib'];

export type RecordOp =
  | { op: 'insertJob'; row: Parameters<Lib['insertJob']>[1] }
  | { op: 'updateJobRow'; rowId: number; fields: Parameters<Lib['updateJobRow']>[2] }
  | {
      op: 'cachePut';
      key: string;
      endpoint: string;
      answer: Parameters<Lib['cachePut']>[3];
      ttlMs: number;
    };

/** What a write answered: an insert's row number, or why the record could not be opened or written. */
export type OpResult =
  { ok: true; value: number | undefined } | { ok: false; stage: 'open' | 'write'; message: string };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Opens the record with `open` and runs one write on it; never rejects. */
export async function runOp(open: () => Promise<OpenRecord>, op: RecordOp): Promise<OpResult> {
  let r: OpenRecord;
  try {
    r = await open();
  } catch (err) {
    return { ok: false, stage: 'open', message: messageOf(err) };
  }
  try {
    return { ok: true, value: applyOp(r, op) };
  } catch (err) {
    return { ok: false, stage: 'write', message: messageOf(err) };
  }
}

function applyOp(r: OpenRecord, op: RecordOp): number | undefined {
  switch (op.op) {
    case 'insertJob':
      return r.lib.insertJob(r.store, op.row);
    case 'updateJobRow':
      r.lib.updateJobRow(r.store, op.rowId, op.fields);
      return undefined;
    case 'cachePut':
      r.lib.cachePut(r.store, op.key, op.endpoint, op.answer, op.ttlMs);
      return undefined;
  }
}
