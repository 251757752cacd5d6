// Where result lines go: a file (appended, each line one write, so a crash never leaves a torn
// line in the middle) or stdout. On resume the existing file is the source of truth: a trailing
// partial line is cut off and every custom_id already answered is reported to the caller.
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { readLines } from './line-reader.js';

/** One answered line found in an existing output file. */
export interface Answered {
  customId: string;
  failed: boolean;
}

/** A place result lines are written to. */
export interface LineSink {
  /** Writes one serialized line (with its "\n") whole. */
  write(line: string): Promise<void>;
  close(): void;
}

/** Appends lines to a file with one write() each. */
export function fileSink(file: string): LineSink {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fd = fs.openSync(file, 'a');
  return {
    async write(line) {
      const buf = Buffer.from(line, 'utf8');
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    },
    close: () => fs.closeSync(fd),
  };
}

/** Writes lines to a stream (stdout), waiting for it to drain when its buffer is full. */
export function streamSink(stream: Writable): LineSink {
  return {
    write: (line) =>
      new Promise<void>((resolve) => {
        if (stream.destroyed || stream.writableEnded) return resolve();
        if (stream.write(line)) resolve();
        else {
          const done = () => {
            stream.off('drain', done);
            stream.off('close', done);
            resolve();
          };
          stream.once('drain', done);
          stream.once('close', done);
        }
      }),
    close: () => undefined,
  };
}

/** Cuts a trailing partial line (a write cut short by a crash) off `file`. */
function truncatePartialLine(file: string): void {
  const size = fs.statSync(file).size;
  if (size === 0) return;
  const fd = fs.openSync(file, 'r+');
  try {
    const step = 64 * 1024;
    let end = size;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 10) return;
    while (end > 0) {
      const start = Math.max(0, end - step);
      const buf = Buffer.alloc(end - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      const nl = buf.lastIndexOf(10);
      if (nl !== -1) return fs.ftruncateSync(fd, start + nl + 1);
      end = start;
    }
    fs.ftruncateSync(fd, 0);
  } finally {
    fs.closeSync(fd);
  }
}

function answeredOf(text: string): Answered | undefined {
  try {
    const v = JSON.parse(text) as { custom_id?: unknown; error?: unknown };
    if (typeof v?.custom_id !== 'string') return undefined;
    return { customId: v.custom_id, failed: v.error !== null && v.error !== undefined };
  } catch {
    return undefined;
  }
}

/**
 * Reads an existing output file (if any): cuts a partial last line, calls `onAnswered` for every
 * line in it, and with `dropFailed` rewrites the file without its error lines (their requests are
 * about to be resubmitted, and no request may be answered twice). Streams; holds one line at a time.
 */
export async function reconcileOutput(
  file: string,
  onAnswered: (a: Answered) => void,
  dropFailed = false,
): Promise<number> {
  if (!fs.existsSync(file)) return 0;
  truncatePartialLine(file);
  let dropped = 0;
  const temp = dropFailed ? `${file}.rpv-${process.pid}.tmp` : undefined;
  const out = temp === undefined ? undefined : fs.openSync(temp, 'w');
  try {
    for await (const { text } of readLines(fs.createReadStream(file))) {
      if (text.trim() === '') continue;
      const a = answeredOf(text);
      if (a?.failed && out !== undefined) {
        dropped++;
        continue;
      }
      if (out !== undefined) fs.writeSync(out, `${text}\n`);
      if (a) onAnswered(a);
    }
  } finally {
    if (out !== undefined) fs.closeSync(out);
  }
  if (temp !== undefined) {
    if (dropped > 0) fs.renameSync(temp, file);
    else fs.rmSync(temp, { force: true });
  }
  return dropped;
}
