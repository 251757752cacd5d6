// How tall the chat's input box is allowed to get, shared by the box (which scrolls inside that
// height) and the reducer (which keeps the streaming reply short enough to leave room for it).

/**
 * Lines of input shown at once for a terminal `rows` tall: a third of it, at least 3, but in a
 * very short terminal few enough that reply, status, hint and box still fit below its height.
 */
export function maxInputLines(rows: number): number {
  return Math.max(1, Math.min(rows - 7, Math.max(3, Math.floor(rows / 3))));
}

/** Rows the input box takes: its visible lines plus the border. */
function inputBoxRows(text: string, rows: number): number {
  const lines = text.split('\n').length;
  return Math.min(lines, maxInputLines(rows)) + 2;
}

/** Rows the chat needs below a streaming reply: status, a hint line and the input box. */
export function chatReservedRows(text: string, rows: number): number {
  return inputBoxRows(text, rows) + 4;
}
