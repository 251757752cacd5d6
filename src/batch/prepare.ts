// Before anything is sent: the validation pass over every input line (streamed; duplicates found
// through the store, not memory), the batch's identity (input content hash + output + flags),
// and, on a re-run, reconciliation with what the output files already hold.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../core/errors.js';
import type { BatchStore } from '../store/batch-tables.js';
import { parseLine, type BatchLine } from './input.js';
import { fileLines, inputHash, readLines } from './line-reader.js';
import { reconcileOutput, type Answered } from './output-file.js';

/** Where the input comes from: a file, or stdin spooled to `spool` as it is read. */
export type InputSource = { kind: 'file'; file: string } | { kind: 'stdin'; stream: Readable; spool: string };

/** The outcome of the validation pass. */
export interface Validated {
  /** The file to read again for submission (the input, or the stdin spool). */
  file: string;
  hash: string;
  lines: number;
}

/** Validates every line; throws UsageError naming the first bad line or repeated custom_id. */
export async function validateInput(source: InputSource, store: BatchStore): Promise<Validated> {
  const hash = inputHash();
  let spoolFd: number | undefined;
  let lines: AsyncIterable<{ lineNo: number; text: string }>;
  if (source.kind === 'file') {
    try {
      if (!fs.statSync(source.file).isFile()) throw new Error('not a file');
    } catch {
      throw new UsageError(`cannot read the input file ${source.file}`);
    }
    lines = fileLines(source.file, hash);
  } else {
    spoolFd = fs.openSync(source.spool, 'w', 0o600);
    const fd = spoolFd;
    lines = readLines(source.stream, hash, (chunk) => {
      let off = 0;
      while (off < chunk.length) off += fs.writeSync(fd, chunk, off);
    });
  }
  store.beginSeen();
  let count = 0;
  try {
    for await (const { lineNo, text } of lines) {
      const parsed = parseLine(text, lineNo);
      if (!parsed.ok) throw new UsageError(`line ${lineNo}: ${parsed.reason}`, { hint: 'nothing was sent' });
      if ('blank' in parsed) continue;
      const earlier = store.addSeen(parsed.line.customId, lineNo);
      if (earlier !== undefined) {
        throw new UsageError(
          `line ${lineNo}: custom_id ${JSON.stringify(parsed.line.customId)} repeats line ${earlier}`,
          { hint: 'nothing was sent' },
        );
      }
      count++;
    }
  } finally {
    store.endSeen();
    if (spoolFd !== undefined) fs.closeSync(spoolFd);
  }
  if (count === 0) throw new UsageError('the input has no requests (only blank lines)');
  return { file: source.kind === 'file' ? source.file : source.spool, hash: hash.digest('hex'), lines: count };
}

/** The validated lines again, for submission (pass 2). */
export async function* inputLines(file: string): AsyncGenerator<BatchLine> {
  for await (const { lineNo, text } of fileLines(file)) {
    const parsed = parseLine(text, lineNo);
    if (parsed.ok && 'line' in parsed) yield parsed.line;
  }
}

/** The batch's identity: same input bytes, same outputs, same request-shaping flags. */
export function batchIdentity(parts: {
  inputHash: string;
  output: string;
  errors?: string;
  endpoint: string;
  flags: unknown;
}): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([parts.inputHash, parts.output, parts.errors ?? null, parts.endpoint, parts.flags]));
  return h.digest('hex').slice(0, 32);
}

/** An output path made absolute (so the same command from another folder is another batch). */
export function outputKey(file: string | undefined): string {
  return file === undefined || file === '-' ? '-' : path.resolve(file);
}

/** Marks every line the output files already answer as finished; drops error lines with `dropFailed`. */
export async function reconcile(
  store: BatchStore,
  batchId: string,
  files: (string | undefined)[],
  dropFailed: boolean,
): Promise<number> {
  let marked = 0;
  let pending: Answered[] = [];
  const flush = () => {
    if (pending.length > 0) marked += store.markAnswered(batchId, pending);
    pending = [];
  };
  for (const file of files) {
    if (file === undefined || file === '-') continue;
    await reconcileOutput(
      file,
      (a) => {
        pending.push(a);
        if (pending.length >= 5000) flush();
      },
      dropFailed,
    );
    flush();
  }
  return marked;
}
