// Word wrapping by terminal columns for text written straight to the terminal. Ink measures and
// wraps every character of every frame; finished reply text is wrapped here once instead, with
// the same display widths the live split uses (wide CJK and emoji count two columns). A URL is
// never cut by a newline of ours: a row holding one wider than the terminal is left for the
// terminal to wrap, so selecting it copies the URL whole.
import type { Paint } from './paint.js';
import { codePointWidth, displayWidth } from './text-width.js';

/** A piece of one line and the style it is painted in; a `keep` piece is never broken. */
export interface Run {
  text: string;
  paint: Paint;
  keep?: boolean;
}

const SPACE = 32;

/**
 * Where `text` (one line, no escape sequences) breaks into rows at most `width` columns wide:
 * `[start, end)` index pairs. Breaks at spaces (dropped at the break), and inside a word only
 * when the word alone is wider than a row, never inside a `keeps` range (sorted `[start, end)`
 * pairs): a row that reaches into one runs on to its end.
 */
export function wrapRanges(text: string, width: number, keeps: readonly [number, number][] = []): [number, number][] {
  const max = Math.max(1, Math.floor(width));
  if (text.length <= max && isNarrow(text)) return [[0, text.length]];
  const rows: [number, number][] = [];
  let start = 0;
  let col = 0;
  let space = -1;
  let colAtSpace = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp === SPACE) {
      if (col + 1 > max) {
        rows.push([start, trimEnd(text, start, i)]);
        i = skipSpaces(text, i);
        start = i;
        col = 0;
        space = -1;
        continue;
      }
      space = i;
      colAtSpace = col;
      col += 1;
      i += 1;
      continue;
    }
    const w = codePointWidth(cp);
    if (col + w > max && col > 0) {
      if (space > start) {
        rows.push([start, trimEnd(text, start, space)]);
        const next = skipSpaces(text, space);
        col -= colAtSpace + (next - space);
        start = next;
      } else {
        const kept = keeps.find(([a, b]) => a < i && i < b);
        if (kept) {
          col += displayWidth(text.slice(i, kept[1]));
          i = kept[1];
          continue;
        }
        rows.push([start, i]);
        start = i;
        col = 0;
      }
      space = -1;
      continue;
    }
    col += w;
    i += cp > 0xffff ? 2 : 1;
  }
  // Spaces that ended the last row open no row of their own.
  if (start < text.length || rows.length === 0) rows.push([start, text.length]);
  return rows;
}

/** `end` moved back over the spaces before it (a row does not end in the spaces of its break). */
function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && text.charCodeAt(i - 1) === SPACE) i--;
  return i;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

/** True when every character is printable ASCII (one column each). */
function isNarrow(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Wraps one line made of styled runs into painted rows at most `width` columns wide. */
export function wrapRuns(runs: readonly Run[], width: number): string[] {
  return paintRows(runs, width).rows;
}

/** wrapRuns, with the columns each row takes. */
export function wrapRunsMeasured(runs: readonly Run[], width: number): { rows: string[]; widths: number[] } {
  const { rows, text, ranges } = paintRows(runs, width);
  return { rows, widths: ranges.map(([from, to]) => displayWidth(text.slice(from, to))) };
}

function paintRows(runs: readonly Run[], width: number) {
  const text = runs.length === 1 ? (runs[0]?.text ?? '') : runs.map((r) => r.text).join('');
  const keeps: [number, number][] = [];
  let at = 0;
  for (const run of runs) {
    if (run.keep) keeps.push([at, at + run.text.length]);
    at += run.text.length;
  }
  const ranges = wrapRanges(text, width, keeps);
  const rows: string[] = [];
  for (const [from, to] of ranges) {
    let row = '';
    let offset = 0;
    for (const run of runs) {
      const end = offset + run.text.length;
      const a = Math.max(from, offset);
      const b = Math.min(to, end);
      if (a < b) row += run.paint(a === offset && b === end ? run.text : run.text.slice(a - offset, b - offset));
      offset = end;
      if (offset >= to) break;
    }
    rows.push(row);
  }
  return { rows, text, ranges };
}
