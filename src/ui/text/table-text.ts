// GFM tables as aligned columns: cells measured in terminal columns (wide CJK and emoji count
// two), inline Markdown inside cells, ` │ ` between columns and a `─┼─` rule under the header.
// A table wider than the terminal has its widest columns narrowed and their cells wrapped within
// the column; one that cannot fit even so (too many columns, a URL wider than its column may
// get) is shown as its source lines. Rows of a chunk that continues a table are measured with
// the table's earlier lines, so they line up with the rows already written unless they are wider
// (then their columns widen rather than break a short cell).
import { parseInline } from './markdown.js';
import { spanRuns, type InlineOptions } from './inline-runs.js';
import { parseDelimiter, splitCells, type Align } from './table.js';
import { displayWidth } from './text-width.js';
import { wrapRuns, wrapRunsMeasured, type Run } from './wrap.js';

const SEPARATOR = ' │ ';
/** A column is narrowed to this many columns at least (or its widest URL). */
const MIN_COLUMN = 5;

interface Layout {
  aligns: Align[];
  widths: number[];
}

function cellRuns(cell: string, opts: InlineOptions, header: boolean): Run[] {
  return spanRuns(parseInline(cell), opts, header ? opts.painter.bold : undefined);
}

/** `cells` padded with empty cells (or cut) to `n`. */
function fitCells(line: string, n: number): string[] {
  const cells = splitCells(line).slice(0, n);
  while (cells.length < n) cells.push('');
  return cells;
}

/** Column widths that fit `columns`, or null when the table cannot fit. */
function fitWidths(natural: number[], least: number[], columns: number): number[] | null {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0) + SEPARATOR.length * (widths.length - 1);
  while (total > columns) {
    let widest = -1;
    for (const [i, w] of widths.entries()) {
      if (w > (least[i] ?? 1) && (widest === -1 || w > (widths[widest] ?? 0))) widest = i;
    }
    if (widest === -1) return null;
    widths[widest] = (widths[widest] ?? 1) - 1;
    total--;
  }
  return widths;
}

/** The table's alignments and column widths for `columns`, measured on its `layout` lines. */
function measure(layout: readonly string[], opts: InlineOptions, columns: number): Layout | null {
  const header = layout[0] ?? '';
  const n = splitCells(header).length;
  const aligns = parseDelimiter(layout[1] ?? '', true) ?? [];
  const natural: number[] = new Array<number>(n).fill(1);
  const least: number[] = new Array<number>(n).fill(1);
  for (const [index, line] of layout.entries()) {
    if (index === 1) continue;
    for (const [i, cell] of fitCells(line, n).entries()) {
      const runs = cellRuns(cell, opts, index === 0);
      const width = displayWidth(runs.map((r) => r.text).join(''));
      const kept = Math.max(0, ...runs.filter((r) => r.keep).map((r) => displayWidth(r.text)));
      natural[i] = Math.max(natural[i] ?? 1, width);
      least[i] = Math.max(least[i] ?? 1, kept, Math.min(width, MIN_COLUMN));
    }
  }
  const widths = fitWidths(natural, least, columns);
  return widths ? { aligns: Array.from({ length: n }, (_, i) => aligns[i] ?? 'left'), widths } : null;
}

function pad(row: string, width: number, column: number, align: Align, last: boolean): string {
  const space = Math.max(0, column - width);
  if (align === 'right') return ' '.repeat(space) + row;
  if (align === 'center') {
    const left = Math.floor(space / 2);
    return ' '.repeat(left) + row + (last ? '' : ' '.repeat(space - left));
  }
  return last ? row : row + ' '.repeat(space);
}

/** The terminal rows of one table row: its cells wrapped within their columns, side by side. */
function rowLines(line: string, layout: Layout, opts: InlineOptions, header: boolean): string[] {
  const { widths, aligns } = layout;
  const cells = fitCells(line, widths.length).map((cell, i) =>
    wrapRunsMeasured(cellRuns(cell, opts, header), widths[i] ?? 1),
  );
  const height = Math.max(...cells.map((c) => (c.rows.length === 1 && c.rows[0] === '' ? 1 : c.rows.length)));
  const sep = opts.painter.dim(SEPARATOR);
  const out: string[] = [];
  for (let r = 0; r < height; r++) {
    const parts = cells.map((c, i) => {
      const last = i === cells.length - 1;
      return pad(c.rows[r] ?? '', c.widths[r] ?? 0, widths[i] ?? 1, aligns[i] ?? 'left', last);
    });
    out.push(parts.join(sep).trimEnd());
  }
  return out;
}

/** Terminal rows of a table's lines (see MdLine `table`) for a terminal `columns` wide. */
export function tableRows(
  table: { lines: readonly string[]; layout: readonly string[] },
  opts: InlineOptions,
  columns: number,
): string[] {
  const continued = table.lines !== table.layout;
  const layout = measure(continued ? [...table.layout, ...table.lines] : table.layout, opts, columns);
  if (!layout) return table.lines.flatMap((line) => wrapRuns(spanRuns(parseInline(line), opts), columns));
  const rule = opts.painter.dim(layout.widths.map((w) => '─'.repeat(w)).join('─┼─'));
  return table.lines.flatMap((line, index) => {
    if (!continued && index === 1) return [rule];
    return rowLines(line, layout, opts, !continued && index === 0);
  });
}
