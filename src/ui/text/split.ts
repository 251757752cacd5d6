// Where a streaming reply may be cut so the part before the cut can be written above the live
// area (once, never redrawn; see scrollback.ts) while only a short tail stays live. Ink redraws
// the whole screen, scrollback included, once the live area is as tall as the terminal, so the
// tail must stay below that.
import { nextFence, type FenceState } from './markdown.js';
import { isTableRow, parseDelimiter, tableAt } from './table.js';
import { displayWidth, lastColumnsStart } from './text-width.js';

/**
 * Where a chunk of reply text starts: the fence state, whether it starts a fresh line, and the
 * lines so far of a table it starts inside (their widths lay out the rows that follow).
 */
export interface ChunkStart {
  fence: FenceState;
  continued: boolean;
  table?: readonly string[];
}

/** Live-area limits in terminal rows. */
export interface SplitLimits {
  columns: number;
  /** Above this many rows of live text, lines are committed even inside a block. */
  maxLiveRows: number;
  /** How many rows to keep live after such a forced commit. */
  keepRows: number;
}

/** Rows one logical line takes once wrapped, with room to spare (wide characters count twice). */
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

/** Lines of a table carried into the next chunk at most (its widths are measured on them). */
const MAX_TABLE_LINES = 200;

/**
 * The lines of the table the complete lines of `text` end inside (undefined when they do not):
 * the ones `start` carries and the table's rows in `text`, the first MAX_TABLE_LINES of them.
 */
function tableAfterChunk(text: string, start: ChunkStart): readonly string[] | undefined {
  const end = text.lastIndexOf('\n');
  if (end === -1) return start.continued ? undefined : start.table;
  const lines = text.slice(0, end).split('\n');
  let fence = start.fence;
  let table = start.continued ? undefined : start.table;
  for (let i = start.continued ? 1 : 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (table && !fence && isTableRow(line)) {
      if (table.length < MAX_TABLE_LINES) table = [...table, line];
      continue;
    }
    table = undefined;
    if (!fence && !nextFence(line, null)) {
      const rows = tableAt(lines, i);
      if (rows > 0) {
        table = lines.slice(i, Math.min(i + rows, i + MAX_TABLE_LINES));
        i += rows - 1;
        continue;
      }
    }
    fence = nextFence(line, fence);
  }
  return table;
}

/** The start state of `text.slice(offset)` given the start state of `text`. */
export function startAfter(text: string, offset: number, start: ChunkStart): ChunkStart {
  if (offset === 0) return start;
  const head = text.slice(0, offset);
  const continued = !head.endsWith('\n');
  const table = continued ? undefined : tableAfterChunk(head, start);
  return { fence: fenceAfterChunk(head, start), continued, ...(table ? { table } : {}) };
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
      // A table's header stays with its delimiter row, or the rows after would lose their header.
      const header = next !== undefined && isTableRow(line) && parseDelimiter(lineAt(text, next), true) !== null;
      cut = Math.max(blockEnd, header ? at : (next ?? at));
      break;
    }
  }
  const lastStart = lineStarts[lineStarts.length - 1] ?? 0;
  if (cut >= lastStart && rowsFrom(lastStart) > limits.maxLiveRows) {
    return cutLongLine(text, lastStart, limits);
  }
  return cut;
}

/** The line of `text` that starts at `from`, without its newline. */
function lineAt(text: string, from: number): string {
  const nl = text.indexOf('\n', from);
  return text.slice(from, nl === -1 ? undefined : nl);
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
