// The result writer: serialises each result line once, sends error lines to `--errors` when
// given, keeps input order with `--ordered` (bounded reorder buffer), and marks the line finished
// in the store only after its line was written, so a crash in between is repaired by reconciling
// the output file on the next run. A job that ran also gets its row in the job log.
import type { BatchStore } from '../store/batch-tables.js';
import type { LineSink } from './output-file.js';
import { ReorderBuffer } from './reorder-buffer.js';
import type { Finished } from './runner.js';

/** Writes results; one instance per run. */
export class ResultWriter {
  private chain: Promise<void> = Promise.resolve();
  private readonly buffer: ReorderBuffer<Finished> | undefined;
  /** Lines written this run. */
  written = 0;
  /** Lines handed over and not yet written (a slow reader of stdout makes this grow). */
  backlog = 0;

  constructor(
    private readonly store: BatchStore,
    private readonly batchId: string,
    private readonly out: LineSink,
    private readonly errors: LineSink | undefined,
    ordered: { capacity: number } | undefined,
    /** A job's row could not be added to the job log (the batch itself goes on). */
    private readonly onJobLogError: (err: unknown) => void = () => undefined,
  ) {
    this.buffer = ordered ? new ReorderBuffer<Finished>(ordered.capacity) : undefined;
  }

  /** For --ordered: announces the next line; false when the reorder window is full. */
  announce = (lineNo: number): boolean => {
    if (!this.buffer) return true;
    if (this.buffer.room() === 0) return false;
    const due = this.buffer.expect(lineNo);
    if (due.length > 0) void this.enqueue(due);
    return true;
  };

  /** Hands over a finished request. */
  emit = (f: Finished): Promise<void> => this.enqueue(this.buffer ? this.buffer.push(f.lineNo, f) : [f]);

  /** Results held back by --ordered (not written). */
  get held(): number {
    return this.buffer?.size ?? 0;
  }

  /** Resolves once every released line is written. */
  flush(): Promise<void> {
    return this.chain;
  }

  private enqueue(items: Finished[]): Promise<void> {
    if (items.length === 0) return this.chain;
    this.backlog += items.length;
    this.chain = this.chain.then(async () => {
      for (const f of items) {
        const sink = f.line.error !== null && this.errors ? this.errors : this.out;
        await sink.write(`${JSON.stringify(f.line)}\n`);
        this.store.markFinished(this.batchId, f.lineNo, f.fields);
        if (f.job) {
          try {
            this.store.recordJob(f.job);
          } catch (err) {
            this.onJobLogError(err);
          }
        }
        this.written++;
        this.backlog--;
      }
    });
    return this.chain;
  }
}
