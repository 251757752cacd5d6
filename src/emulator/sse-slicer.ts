// Imitates aiohttp's iter_any() in the proxy worker: the SSE byte stream is handed out in pieces
// of arbitrary size, each decoded on its own with errors="replace".
import { randomInt, type Rng } from './prng.js';

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** Cuts a growing byte stream into string items at random offsets. */
export class ByteSlicer {
  private buf = Buffer.alloc(0);
  private splitPending: boolean;

  /** `splitUtf8`: cut once inside a multi-byte character (both halves then decode to U+FFFD). */
  constructor(
    private readonly rng: Rng,
    splitUtf8: boolean,
  ) {
    this.splitPending = splitUtf8;
  }

  /** Appends text; returns the items a read would deliver now (possibly none). */
  push(text: string): string[] {
    this.buf = Buffer.concat([this.buf, Buffer.from(text, 'utf8')]);
    const out = this.trySplitUtf8();
    if (this.buf.length > 0 && this.rng() >= 0.3) out.push(this.take(randomInt(this.rng, 1, this.buf.length)));
    return out;
  }

  /** Flushes everything left, in one or two items. */
  end(): string[] {
    const out = this.trySplitUtf8();
    if (this.buf.length > 1 && this.rng() < 0.5) out.push(this.take(randomInt(this.rng, 1, this.buf.length - 1)));
    if (this.buf.length > 0) out.push(this.take(this.buf.length, true));
    return out;
  }

  private trySplitUtf8(): string[] {
    if (!this.splitPending) return [];
    const lead = this.buf.findIndex((b) => b >= 0xc0);
    if (lead < 0) return [];
    this.splitPending = false;
    return [this.take(lead + 1, true)];
  }

  // Takes `size` bytes (moved forward to a character boundary unless `exact`).
  private take(size: number, exact = false): string {
    let cut = Math.min(size, this.buf.length);
    if (!exact) while (cut < this.buf.length && isContinuation(this.buf[cut])) cut++;
    const piece = this.buf.subarray(0, cut);
    this.buf = this.buf.subarray(cut);
    return piece.toString('utf8');
  }
}
