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

/** Runs one write on an open record; an insert answers with its row number. */
export function applyOp(r: OpenRecord, op: RecordOp): number | undefined {
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
