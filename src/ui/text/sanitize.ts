// Model text is untrusted: an escape sequence in a reply could recolour, retitle or clear the
// user's terminal. Everything shown on a terminal goes through here first. Pure, no imports, so
// the plain-text renderer can reuse it without loading Ink.

const ESC = 0x1b;
const BEL = 0x07;
const C1_CSI = 0x9b;
/** C1 DCS, SOS, OSC, PM and APC: each opens a string that runs to an ST. */
const C1_STRINGS = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** An unterminated sequence longer than this is dropped rather than held back forever. */
const MAX_PENDING = 4096;

type Scan = { out: string; rest: string };

/** Index just past an ST (ESC \ or BEL, or the C1 ST) at or after `from`; -1 if none yet. */
function findStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BEL || c === 0x9c) return i + 1;
    if (c === ESC && i + 1 < text.length && text[i + 1] === '\\') return i + 2;
  }
  return -1;
}

/** Index just past a CSI body (params, intermediates, final byte) starting at `from`; -1 if cut. */
function findCsiEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x40 && c <= 0x7e) return i + 1;
    if (c < 0x20 || c > 0x3f) return i; // malformed: the sequence stops before this character
  }
  return -1;
}

/** Where the escape sequence starting at `i` ends; -1 when the text ends inside it. */
function sequenceEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === C1_CSI) return findCsiEnd(text, i + 1);
  if (C1_STRINGS.has(c)) return findStringEnd(text, i + 1);
  if (c !== ESC) return i + 1;
  if (i + 1 >= text.length) return -1;
  const next = text[i + 1];
  if (next === '[') return findCsiEnd(text, i + 2);
  if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
    return findStringEnd(text, i + 2);
  }
  let j = i + 1;
  while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
  if (j >= text.length) return -1;
  const last = text.charCodeAt(j);
  return last < 0x20 || last === 0x7f ? j : j + 1; // ESC before a control: drop just the ESC
}

/** A character that must never reach the terminal as is (all C0 and C1 controls but tab and newline). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function scan(text: string, final: boolean): Scan {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    CONTROL.lastIndex = i;
    const found = CONTROL.exec(text);
    if (!found) break;
    i = found.index;
    const c = text.charCodeAt(i);
    out += text.slice(start, i);
    if (c === ESC || c === C1_CSI || C1_STRINGS.has(c)) {
      const end = sequenceEnd(text, i);
      if (end === -1) {
        const rest = text.slice(i);
        return { out, rest: final || rest.length > MAX_PENDING ? '' : rest };
      }
      i = end - 1;
    }
    start = i + 1;
  }
  return { out: out + text.slice(start), rest: '' };
}

/**
 * Removes escape sequences (CSI, OSC, DCS, APC, ...) and control characters from model text,
 * keeping newlines and tabs; `\r\n` becomes `\n` and a lone `\r` disappears.
 */
export function sanitizeForTerminal(text: string): string {
  return scan(text, true).out;
}

/** Incremental form for streamed text: a sequence cut between two chunks is still removed. */
export interface TerminalSanitizer {
  /** Returns the safe text of `chunk`, holding back an unfinished escape sequence. */
  push(chunk: string): string;
  /** Ends the stream; an unfinished sequence is dropped. */
  flush(): string;
}

/** Creates a sanitizer for one stream of text deltas. */
export function createTerminalSanitizer(): TerminalSanitizer {
  let pending = '';
  return {
    push(chunk) {
      const r = scan(pending + chunk, false);
      pending = r.rest;
      return r.out;
    },
    flush() {
      pending = '';
      return '';
    },
  };
}

/** One step of the incremental sanitizer as a pure function, for reducers that keep `pending` in state. */
export function sanitizeChunk(pending: string, chunk: string): { text: string; pending: string } {
  const r = scan(pending + chunk, false);
  return { text: r.out, pending: r.rest };
}
