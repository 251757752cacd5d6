// A small line-oriented Markdown reader for model replies. Every construct it knows (headings,
// list items, quotes, rules, fences, inline code, emphasis and links) is decided by one line plus
// the fence state before it, so any chunk of a reply cut at a line end renders the same as the
// whole. GFM tables are the one construct of several lines: a header, its delimiter row and the
// rows after it (table.ts); a chunk that starts inside one carries the table's lines so far.
import { tableAt, isTableRow } from './table.js';

/** Inside a fenced code block: the fence that opened it and its language label. */
export interface Fence {
  marker: string;
  lang: string;
}
/** `null` outside any code block. */
export type FenceState = Fence | null;

/** A run of inline text and how to show it. */
export interface Span {
  text: string;
  style?: 'bold' | 'code' | 'italic' | 'link' | 'url';
  /** The span as written (with its markers), for output without styles. */
  raw?: string;
  /** Where a `link` (`[text](url)`) or a bare `url` points. */
  href?: string;
}

/** One rendered line of Markdown. */
export type MdLine =
  | { kind: 'heading'; level: number; spans: Span[] }
  | { kind: 'item'; indent: number; bullet: string; spans: Span[] }
  | { kind: 'quote'; depth: number; spans: Span[] }
  | { kind: 'rule' }
  | { kind: 'fence-open'; lang: string; text: string }
  | { kind: 'fence-close'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'text'; spans: Span[] }
  /**
   * Rows of a GFM table: `lines` are the source lines shown here; `layout` the lines its column
   * widths are measured on (header, delimiter row, body rows): `lines` itself, or the table's
   * lines from earlier chunks when this chunk continues it (then `lines` are all body rows).
   */
  | { kind: 'table'; lines: string[]; layout: readonly string[] };

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;

/** The fence a line opens, if it opens one. */
function openingFence(line: string): Fence | null {
  const m = FENCE_OPEN.exec(line);
  if (!m || !m[1]) return null;
  if (m[1].startsWith('`') && line.slice(m[0].length).includes('`')) return null;
  return { marker: m[1], lang: m[2] ?? '' };
}

/** True when `line` closes the block opened by `fence`. */
function closesFence(line: string, fence: Fence): boolean {
  const trimmed = line.trim();
  const char = fence.marker[0] ?? '`';
  return trimmed.length >= fence.marker.length && [...trimmed].every((c) => c === char);
}

/** The fence state after `line`, given the state before it. */
export function nextFence(line: string, fence: FenceState): FenceState {
  if (fence) return closesFence(line, fence) ? null : fence;
  return openingFence(line);
}

const LINK = /^\[([^\]\n]+)\]\(((?:[^\s()]|\([^\s()]*\))+)\)/;
const BARE_URL = /^https?:\/\/[^\s<>]+/;

/** A bare URL without the punctuation that ends its sentence (and a `)` it does not open). */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last !== undefined && '.,;:!?\'"*_'.includes(last)) end--;
    else if (last === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end--;
    else return url.slice(0, end);
  }
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/**
 * Splits inline Markdown into spans: `code`, **bold** / __bold__, *italic*, [text](url) links
 * and bare http(s) URLs.
 */
export function parseInline(text: string): Span[] {
  if (!/[`*_[]|https?:/.test(text)) return text === '' ? [] : [{ text }];
  const spans: Span[] = [];
  let plain = '';
  let i = 0;
  const push = (span: Span) => {
    if (plain) spans.push({ text: plain });
    plain = '';
    spans.push(span);
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const ticks = '`'.repeat(run);
      const end = text.indexOf(ticks, i + run);
      if (end !== -1 && end > i + run) {
        const raw = text.slice(i, end + run);
        push({ text: text.slice(i + run, end).replace(/^ (.*) $/, '$1'), style: 'code', raw });
        i = end + run;
        continue;
      }
      plain += ticks;
      i += run;
      continue;
    }
    if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
      const marker = ch + ch;
      const end = text.indexOf(marker, i + 2);
      const inner = end === -1 ? '' : text.slice(i + 2, end);
      if (inner && inner.trim() === inner) {
        push({ text: inner, style: 'bold', raw: text.slice(i, end + 2) });
        i = end + 2;
        continue;
      }
    }
    if (ch === '*' && text[i + 1] !== '*' && text[i + 1] !== ' ' && text[i + 1] !== undefined) {
      const end = text.indexOf('*', i + 1);
      const inner = end === -1 ? '' : text.slice(i + 1, end);
      if (inner && inner.trim() === inner && text[end + 1] !== '*') {
        push({ text: inner, style: 'italic', raw: text.slice(i, end + 1) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const link = LINK.exec(text.slice(i));
      if (link?.[1] && link[2]) {
        push({ text: link[1], style: 'link', raw: link[0], href: link[2] });
        i += link[0].length;
        continue;
      }
    }
    if (ch === 'h' && !/[\w/]/.test(text[i - 1] ?? ' ')) {
      const bare = BARE_URL.exec(text.slice(i));
      const url = bare ? trimUrl(bare[0]) : '';
      if (/^https?:\/\/./.test(url)) {
        push({ text: url, style: 'url', href: url });
        i += url.length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  if (plain) spans.push({ text: plain });
  return spans;
}

/** Reads one line that is outside a code block. */
function parseLine(line: string): MdLine {
  const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading?.[1]) return { kind: 'heading', level: heading[1].length, spans: parseInline(heading[2] ?? '') };
  if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return { kind: 'rule' };
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) {
    return { kind: 'item', indent: (bullet[1] ?? '').length, bullet: '•', spans: parseInline(bullet[2] ?? '') };
  }
  const ordered = /^(\s*)(\d{1,9}[.)])\s+(.*)$/.exec(line);
  if (ordered) {
    return {
      kind: 'item',
      indent: (ordered[1] ?? '').length,
      bullet: ordered[2] ?? '',
      spans: parseInline(ordered[3] ?? ''),
    };
  }
  const quote = /^ {0,3}((?:>\s?)+)(.*)$/.exec(line);
  if (quote) return { kind: 'quote', depth: count(quote[1] ?? '', '>'), spans: parseInline(quote[2] ?? '') };
  return { kind: 'text', spans: parseInline(line) };
}

/**
 * Reads `text` as Markdown lines, starting in `fence`. A final line without a newline is read
 * too (it may still change while it streams). With `continued`, the text starts in the middle
 * of a line, so its first line is plain text. With `table`, the text starts inside a table whose
 * lines so far are these (its first rows, if rows, continue that table).
 */
export function parseMarkdown(
  text: string,
  fence: FenceState,
  continued = false,
  table?: readonly string[],
): { lines: MdLine[]; fence: FenceState } {
  const ended = text.endsWith('\n');
  const raw = ended ? text.slice(0, -1).split('\n') : text.split('\n');
  const lines: MdLine[] = [];
  let state = fence;
  let index = 0;
  if (table && !fence && !continued) {
    while (index < raw.length && isTableRow(raw[index] ?? '')) index++;
    if (index > 0) lines.push({ kind: 'table', lines: raw.slice(0, index), layout: table });
  }
  for (; index < raw.length; index++) {
    const line = raw[index] ?? '';
    if (index === 0 && continued) {
      lines.push(state ? { kind: 'code', text: line } : { kind: 'text', spans: parseInline(line) });
      continue;
    }
    if (state) {
      if (closesFence(line, state)) {
        lines.push({ kind: 'fence-close', text: line.trim() });
        state = null;
      } else {
        lines.push({ kind: 'code', text: line });
      }
      continue;
    }
    const opened = openingFence(line);
    if (opened) {
      lines.push({ kind: 'fence-open', lang: opened.lang, text: line.trim() });
      state = opened;
      continue;
    }
    const rows = tableAt(raw, index, !ended);
    if (rows > 0) {
      const tableLines = raw.slice(index, index + rows);
      lines.push({ kind: 'table', lines: tableLines, layout: tableLines });
      index += rows - 1;
      continue;
    }
    lines.push(parseLine(line));
  }
  return { lines, fence: state };
}
