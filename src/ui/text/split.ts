// Where a streaming reply may be cut so the part before the cut can be written above the live
// area (once, never redrawn; see scrollback.ts) while only a short tail stays live. Ink redraws
// the whole screen, scrollback included, once the live area is as tall as the terminal, so the
// tail must stay below that.
import { nextFence, type FenceState } from './markdown.js';
import { displayWidth, lastColumnsStart } from './text-width.js';

/** Where a chunk of reply text starts: the fence state and whether it starts a fresh line. */
export interface ChunkStart {
  fence: FenceState;
  continued: boolean;
}

/** Live-area limits in terminal rows. */
export interface SplitLimits {
  columns: number;
  /** Above this many rows of live text, lines are committed even inside a block. */
  maxLiveRows: number;
  /** How many rows to keep live after such a forced commit. */
  keepRows: number;
}

/** Rows one logical line takes once wrapped (code lines carry a two-column gutter; wide characters count twice). */
function rowsOf(line: string, columns: number): number {
  const width = Math.max(10, columns - 4);
  return Math.max(1, Math.ceil(displayWidth(line) / width));
}

/** The fence state after the complete lines of `text`. */
export function fenceAfterChunk(text: string, start: ChunkStart): FenceState {
  let fence = start.fence;
  let from = 0;
  let first = true;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
    if (!(first && start.continued)) fence = nextFence(text.slice(from, nl), fence);
    first = false;
    from = nl + 1;
  }
  return fence;
}

/** The start state of `text.slice(offset)` given the start state of `text`. */
export function startAfter(text: string, offset: number, start: ChunkStart): ChunkStart {
  if (offset === 0) return start;
  const head = text.slice(0, offset);
  return { fence: fenceAfterChunk(head, start), continued: !head.endsWith('\n') };
}

/**
 * How much of `text` (the uncommitted part of a reply) can be committed now. Prefers the end of
 * the last finished block (a blank line outside a code fence, or a closing fence); when even the
 * text after that is taller than `maxLiveRows`, commits whole lines up to the last `keepRows`
 * rows, and a single line longer than the screen is cut at a space. Returns 0 to commit nothing.
 */
export function findCommitPoint(text: string, start: ChunkStart, limits: SplitLimits): number {
  const lineStarts: number[] = [0];
  let blockEnd = 0;
  let fence = start.fence;
  let from = 0;
  let first = true;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
    const line = text.slice(from, nl);
    const before = fence;
    if (!(first && start.continued)) fence = nextFence(line, fence);
    if ((before === null && fence === null && line.trim() === '') || (before !== null && fence === null)) {
      blockEnd = nl + 1;
    }
    first = false;
    from = nl + 1;
    lineStarts.push(from);
  }
  const rowsFrom = (offset: number) => countRows(text.slice(offset), limits.columns);
  if (rowsFrom(blockEnd) <= limits.maxLiveRows) return blockEnd;

  let cut = blockEnd;
  let rows = 0;
  for (let k = lineStarts.length - 1; k >= 0; k--) {
    const at = lineStarts[k] ?? 0;
    if (at < blockEnd) break;
    const next = lineStarts[k + 1];
    const line = text.slice(at, next === undefined ? undefined : next - 1);
    if (next === undefined && line === '') continue;
    rows += rowsOf(line, limits.columns);
    if (rows > limits.keepRows) {
      cut = Math.max(blockEnd, next ?? at);
      break;
    }
  }
  const lastStart = lineStarts[lineStarts.length - 1] ?? 0;
  if (cut >= lastStart && rowsFrom(lastStart) > limits.maxLiveRows) {
    return cutLongLine(text, lastStart, limits);
  }
  return cut;
}

/** Cuts the unfinished last line (from `lineStart`) after a space, leaving at most `keepRows` rows. */
function cutLongLine(text: string, lineStart: number, limits: SplitLimits): number {
  const width = Math.max(10, limits.columns - 4);
  const target = lastColumnsStart(text, Math.max(1, limits.keepRows) * width);
  if (target <= lineStart) return lineStart;
  const space = text.indexOf(' ', target - 1);
  return space === -1 ? target : space + 1;
}

/** Rows `text` takes on screen; a trailing newline opens no extra row. */
export function countRows(text: string, columns: number): number {
  if (text === '') return 0;
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  let rows = 0;
  for (const line of body.split('\n')) rows += rowsOf(line, columns);
  return rows;
}
