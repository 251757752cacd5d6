// A narrower terminal rewraps the lines already on it (tmux, VTE, iTerm2, kitty, Windows Terminal
// and most others do; some push the rows that no longer fit up into their history). Ink erases
// its last frame by the number of lines it wrote, which then covers only part of it: the rest
// stayed on screen and in the history as a second copy of the live text. So when the width
// shrinks, the screen and its history are cleared and the finished text written again (as Ink
// itself does when a frame outgrows the screen, clear-guard.ts), with blank lines below it for
// Ink's erase of the old frame to take, so its redraw starts right under the text.

const ESC = '\u001b';
/** What ansi-escapes' eraseLines(n) ends with, after its n line erases and cursor-ups. */
const ERASE_END = `${ESC}[2K${ESC}[G`;
/** Control sequences around a frame: synchronized output, cursor shown or hidden. */
const WRAPPERS = /\u001b\[\?(?:2026|25)[hl]/g;
/** Clear the screen, then its history, then home the cursor. */
const CLEAR_ALL = `${ESC}[2J${ESC}[3J${ESC}[H`;

/** A chunk that is only a synchronized-output bracket or a cursor show/hide. */
export function isBracket(chunk: string): boolean {
  return chunk.length <= 8 && chunk.replace(WRAPPERS, '') === '';
}

/** The frame in a chunk Ink wrote: the text after its erase of the previous frame ('' if none). */
export function frameOf(chunk: string): string {
  const text = chunk.replace(WRAPPERS, '');
  const at = text.lastIndexOf(ERASE_END);
  return at === -1 ? text : text.slice(at + ERASE_END.length);
}

/**
 * What to write, before Ink redraws for a narrower width, after it wrote `frame` last: the
 * terminal cleared, `transcript` again, and as many blank lines as Ink's erase will take.
 */
export function redrawNarrower(frame: string, transcript: string): string {
  const erased = frame.split('\n').length;
  return `${CLEAR_ALL}${transcript}${'\n'.repeat(Math.max(0, erased - 1))}`;
}
