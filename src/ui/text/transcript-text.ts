// Finished pieces of the transcript rendered once to terminal text: Markdown (or plain lines)
// painted with the theme's colours and wrapped to the terminal width. The live views write this
// text above Ink's live area instead of keeping it as React elements, which Ink would measure
// and wrap character by character. Pure: same item, options and width, same text.
import type { StaticItem } from '../job/items.js';
import { plainRuns, spanRuns, type InlineOptions } from './inline-runs.js';
import { parseMarkdown, type MdLine } from './markdown.js';
import { plain, type Painter } from './paint.js';
import { sanitizeForTerminal } from './sanitize.js';
import type { ChunkStart } from './split.js';
import { tableRows } from './table-text.js';
import { displayWidth } from './text-width.js';
import { expandTabs } from '../theme.js';
import { wrapRuns, type Run } from './wrap.js';

/** How finished text looks: Markdown or not, colours, links, and the terminal width. */
export interface TextOptions extends InlineOptions {
  markdown: boolean;
  painter: Painter;
  columns: number;
}

/** Rows of one line: `first` before the first row, `rest` before the others (both painted). */
function block(runs: Run[], columns: number, first = '', rest = first, prefixWidth = 0): string[] {
  const rows = wrapRuns(runs, Math.max(1, columns - prefixWidth));
  return rows.map((row, i) => (i === 0 ? first : rest) + row);
}

/**
 * Rows of one Markdown line. Code lines are written whole, never wrapped by us and with nothing
 * before them: the terminal wraps a long one, and selecting it copies exactly the code.
 */
function mdRows(line: MdLine, opts: TextOptions): string[] {
  const { painter: p, columns } = opts;
  switch (line.kind) {
    case 'heading': {
      const marks: Run[] = p.color ? [] : [{ text: `${'#'.repeat(line.level)} `, paint: plain }];
      return block([...marks, ...spanRuns(line.spans, opts, p.bold)], columns);
    }
    case 'item': {
      const lead = `${line.bullet} `;
      const width = line.indent + displayWidth(lead);
      const pad = ' '.repeat(line.indent);
      return block(spanRuns(line.spans, opts), columns, pad + p.accent(lead), ' '.repeat(width), width);
    }
    case 'quote': {
      const bar = p.dim('▌ '.repeat(line.depth));
      const quoted = (t: string) => p.dim(p.italic(t));
      return block(spanRuns(line.spans, opts, quoted), columns, bar, bar, 2 * line.depth);
    }
    case 'rule':
      return [p.dim('─'.repeat(Math.max(1, Math.min(24, columns))))];
    case 'fence-open':
    case 'fence-close':
      return [p.dim(line.text)];
    case 'code':
      return [p.code(expandTabs(line.text))];
    case 'table':
      return tableRows(line, opts, columns);
    case 'text':
      return line.spans.length === 0 ? [''] : block(spanRuns(line.spans, opts), columns);
  }
}

/** The lines of `text` without the newline that ends the last one. */
function linesOf(text: string): string[] {
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** Rows of one chunk of (sanitized) reply text that starts in state `start`. */
export function replyRows(text: string, start: ChunkStart, opts: TextOptions): string[] {
  const rows: string[] = [];
  if (!opts.markdown) {
    for (const line of linesOf(text)) rows.push(...block(plainRuns(expandTabs(line)), opts.columns));
    return rows;
  }
  const { lines } = parseMarkdown(text, start.fence, start.continued, start.table);
  for (const line of lines) rows.push(...mdRows(line, opts));
  return rows;
}

function itemRows(item: StaticItem, opts: TextOptions): string[] {
  const p = opts.painter;
  const { columns } = opts;
  const safe = (text: string) => expandTabs(sanitizeForTerminal(text));
  switch (item.kind) {
    case 'reply':
      return replyRows(item.text, item.start, opts);
    case 'user': {
      const rows = linesOf(sanitizeForTerminal(item.text)).flatMap((line, i) =>
        block([{ text: expandTabs(line), paint: p.bold }], columns, p.user(i === 0 ? '› ' : '  '), '  ', 2),
      );
      return ['', ...rows, ''];
    }
    case 'title': {
      const runs: Run[] = [{ text: safe(item.text), paint: p.bold }];
      if (item.detail) runs.push({ text: `  ${safe(item.detail)}`, paint: p.dim });
      return block(runs, columns);
    }
    case 'notice': {
      const paint = item.tone === 'error' ? p.error : item.tone === 'dim' ? p.dim : p.accent;
      return linesOf(sanitizeForTerminal(item.text)).flatMap((line) =>
        block([{ text: expandTabs(line), paint }], columns),
      );
    }
    case 'marker':
      return block([{ text: safe(item.text), paint: p.warn }], columns);
    case 'lines':
      return item.lines.flatMap((line) => block([{ text: safe(line), paint: plain }], columns));
  }
}

/** One finished item as terminal text, every row ended by a newline. */
export function itemText(item: StaticItem, opts: TextOptions): string {
  const rows = itemRows(item, opts);
  return rows.length === 0 ? '' : `${rows.join('\n')}\n`;
}
