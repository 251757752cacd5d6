// Streams the physical lines of a JSON-lines input with their numbers, never holding more than one
// line and one read chunk, and hashes the bytes as they pass (the batch's identity).
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';

/** One physical line: number from 1, text without "\n" or "\r\n". */
export interface RawLine {
  lineNo: number;
  text: string;
}

/** Yields every line of `stream`; `hash` (if given) sees every byte in order. */
export async function* readLines(
  stream: AsyncIterable<Buffer | string>,
  hash?: Hash,
  tee?: (chunk: Buffer) => void,
): AsyncGenerator<RawLine> {
  let carry: Buffer[] = [];
  let lineNo = 0;
  const text = (parts: Buffer[]): string => {
    let s = Buffer.concat(parts).toString('utf8');
    if (s.endsWith('\r')) s = s.slice(0, -1);
    if (lineNo === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    return s;
  };
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    hash?.update(chunk);
    tee?.(chunk);
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      carry.push(chunk.subarray(start, nl));
      lineNo++;
      yield { lineNo, text: text(carry) };
      carry = [];
      start = nl + 1;
    }
    if (start < chunk.length) carry.push(Buffer.from(chunk.subarray(start)));
  }
  if (carry.some((b) => b.length > 0)) {
    lineNo++;
    yield { lineNo, text: text(carry) };
  }
}

/** The lines of a file, streamed (64 KiB reads). */
export function fileLines(file: string, hash?: Hash): AsyncGenerator<RawLine> {
  return readLines(fs.createReadStream(file, { highWaterMark: 64 * 1024 }) as Readable, hash);
}

/** A fresh SHA-256 for input identity. */
export function inputHash(): Hash {
  return createHash('sha256');
}
