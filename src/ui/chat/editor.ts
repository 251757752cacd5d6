// The chat's input box as a value: multi-line text and a cursor, with pure editing operations.
// The cursor is a UTF-16 index that never rests inside a surrogate pair.

/** Text being typed and where the cursor is. */
export interface Editor {
  text: string;
  cursor: number;
}

/** An empty input box. */
export const EMPTY_EDITOR: Editor = { text: '', cursor: 0 };

/** An editor holding `text` with the cursor at its end. */
export function editorWith(text: string): Editor {
  return { text, cursor: text.length };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function prevIndex(text: string, i: number): number {
  if (i <= 0) return 0;
  return i >= 2 && isLowSurrogate(text.charCodeAt(i - 1)) ? i - 2 : i - 1;
}

function nextIndex(text: string, i: number): number {
  if (i >= text.length) return text.length;
  return isLowSurrogate(text.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

/** Inserts `s` at the cursor. */
export function insert(e: Editor, s: string): Editor {
  if (!s) return e;
  return { text: e.text.slice(0, e.cursor) + s + e.text.slice(e.cursor), cursor: e.cursor + s.length };
}

/** Deletes the character before the cursor. */
export function backspace(e: Editor): Editor {
  if (e.cursor === 0) return e;
  const at = prevIndex(e.text, e.cursor);
  return { text: e.text.slice(0, at) + e.text.slice(e.cursor), cursor: at };
}

/** Deletes the character under the cursor. */
export function deleteForward(e: Editor): Editor {
  if (e.cursor >= e.text.length) return e;
  return { text: e.text.slice(0, e.cursor) + e.text.slice(nextIndex(e.text, e.cursor)), cursor: e.cursor };
}

/** Moves one character left. */
export function left(e: Editor): Editor {
  return { ...e, cursor: prevIndex(e.text, e.cursor) };
}

/** Moves one character right. */
export function right(e: Editor): Editor {
  return { ...e, cursor: nextIndex(e.text, e.cursor) };
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl;
}

/** Moves to the start of the current line. */
export function home(e: Editor): Editor {
  return { ...e, cursor: lineStart(e.text, e.cursor) };
}

/** Moves to the end of the current line. */
export function end(e: Editor): Editor {
  return { ...e, cursor: lineEnd(e.text, e.cursor) };
}

/** Moves up one line keeping the column; undefined on the first line (history takes over). */
export function lineUp(e: Editor): Editor | undefined {
  const start = lineStart(e.text, e.cursor);
  if (start === 0) return undefined;
  const column = e.cursor - start;
  const prevStart = lineStart(e.text, start - 1);
  return { ...e, cursor: Math.min(prevStart + column, start - 1) };
}

/** Moves down one line keeping the column; undefined on the last line. */
export function lineDown(e: Editor): Editor | undefined {
  const endOfLine = lineEnd(e.text, e.cursor);
  if (endOfLine === e.text.length) return undefined;
  const column = e.cursor - lineStart(e.text, e.cursor);
  const nextStart = endOfLine + 1;
  return { ...e, cursor: Math.min(nextStart + column, lineEnd(e.text, nextStart)) };
}

/** Deletes from the start of the line to the cursor (Ctrl-U). */
export function killToStart(e: Editor): Editor {
  const start = lineStart(e.text, e.cursor);
  return { text: e.text.slice(0, start) + e.text.slice(e.cursor), cursor: start };
}

/** Deletes from the cursor to the end of the line (Ctrl-K). */
export function killToEnd(e: Editor): Editor {
  return { ...e, text: e.text.slice(0, e.cursor) + e.text.slice(lineEnd(e.text, e.cursor)) };
}

function wordStartBefore(text: string, i: number): number {
  let j = i;
  while (j > 0 && /\s/.test(text[j - 1] ?? '')) j--;
  while (j > 0 && !/\s/.test(text[j - 1] ?? '')) j--;
  return j;
}

/** Deletes the word before the cursor (Ctrl-W, Alt-Backspace). */
export function killWord(e: Editor): Editor {
  const start = wordStartBefore(e.text, e.cursor);
  return { text: e.text.slice(0, start) + e.text.slice(e.cursor), cursor: start };
}

/** Moves to the start of the previous word. */
export function wordLeft(e: Editor): Editor {
  return { ...e, cursor: wordStartBefore(e.text, e.cursor) };
}

/** Moves past the end of the next word. */
export function wordRight(e: Editor): Editor {
  let j = e.cursor;
  while (j < e.text.length && /\s/.test(e.text[j] ?? '')) j++;
  while (j < e.text.length && !/\s/.test(e.text[j] ?? '')) j++;
  return { ...e, cursor: j };
}
