// GFM tables in model replies: which lines form one (a header row, a delimiter row such as
// `|---|:---:|` with as many cells, then rows), and the cells of a row. Pure, no imports, so the
// live split (split.ts) and the renderer (table-text.ts) agree on where a table starts and ends.

/** How a column's cells line up, from the colons of the delimiter row. */
export type Align = 'left' | 'center' | 'right';

/** True when `line` has a cell separator `|` (not escaped as `\|`) and is not blank. */
export function isTableRow(line: string): boolean {
  return /(^|[^\\])\|/.test(line) && line.trim() !== '';
}

/** The cells of a row, trimmed: the outer pipes dropped, `\|` read as a `|` inside a cell. */
export function splitCells(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * The alignments a delimiter row gives, or null when `line` is not one. With `partial` (the row
 * is still streaming) its last cell may be unfinished (`:-`, or empty after a `|`).
 */
export function parseDelimiter(line: string, partial = false): Align[] | null {
  if (!line.includes('|') && !partial) return null;
  if (!/^[\s|:-]*$/.test(line) || !line.includes('-')) return null;
  const cells = splitCells(line);
  const aligns: Align[] = [];
  for (const [i, cell] of cells.entries()) {
    const last = i === cells.length - 1;
    if (!/^:?-+:?$/.test(cell) && !(partial && last && /^:?-*$/.test(cell))) return null;
    const left = cell.startsWith(':');
    const right = cell.length > 1 && cell.endsWith(':');
    aligns.push(left && right ? 'center' : right ? 'right' : 'left');
  }
  return aligns;
}

/**
 * How many lines from `lines[at]` form a table whose header is `lines[at]` (0: none there). With
 * `lastPartial`, the last line is still streaming, so an unfinished delimiter row counts.
 */
export function tableAt(lines: readonly string[], at: number, lastPartial = false): number {
  const header = lines[at];
  const delimiter = lines[at + 1];
  if (header === undefined || delimiter === undefined || !isTableRow(header)) return 0;
  const partial = lastPartial && at + 1 === lines.length - 1;
  const aligns = parseDelimiter(delimiter, partial);
  const columns = splitCells(header).length;
  if (!aligns || aligns.length > columns || (!partial && aligns.length !== columns)) return 0;
  let end = at + 2;
  while (end < lines.length && isTableRow(lines[end] ?? '')) end++;
  return end - at;
}
