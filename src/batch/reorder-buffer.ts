// Pure bounded reorder buffer for `--ordered`: results arrive in completion order and leave in
// input order. The lines this run handles are announced in input order (`expect`); a result
// leaves once every earlier announced line has left. `room()` tells the submitter how many more
// lines it may announce, which is what bounds the buffer.

/** Holds results by line number until their turn. */
export class ReorderBuffer<T> {
  private readonly order: number[] = [];
  private head = 0;
  private readonly held = new Map<number, T>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('capacity must be at least 1');
  }

  /** Lines announced and not yet released (the window in use). */
  get pending(): number {
    return this.order.length - this.head;
  }

  /** Results waiting for an earlier line. */
  get size(): number {
    return this.held.size;
  }

  /** How many more lines may be announced now. */
  room(): number {
    return Math.max(0, this.capacity - this.pending);
  }

  /** Announces the next line this run will produce a result for (in input order); returns what is now due. */
  expect(lineNo: number): T[] {
    const last = this.order[this.order.length - 1];
    if (last !== undefined && lineNo <= last) throw new Error(`line ${lineNo} announced out of order`);
    this.order.push(lineNo);
    return this.release();
  }

  /** Adds a result (announced or not yet); returns every result now due, in input order. */
  push(lineNo: number, item: T): T[] {
    this.held.set(lineNo, item);
    return this.release();
  }

  private release(): T[] {
    const out: T[] = [];
    while (this.head < this.order.length) {
      const next = this.order[this.head]!;
      if (!this.held.has(next)) break;
      out.push(this.held.get(next) as T);
      this.held.delete(next);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }
}
