// Model output is untrusted: an escape sequence in it could move the cursor, retitle the
// window or hide text. Neutralising is per character, so it works on any cut of a stream.

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

function picture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␛ for ESC, ␇ for BEL, ...
  if (code === 0x7f) return '\u2421'; // ␡
  return `\\x${code.toString(16)}`; // C1 controls such as CSI (0x9b)
}

/** Replaces control characters other than tab, newline and carriage return by visible symbols. */
export function neutralize(text: string): string {
  return text.replace(CONTROL, picture);
}

// Bidi controls (embeddings, overrides, isolates, marks) can reorder what a line appears to say.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\r\n\u2028\u2029]/g;

/** A service-filled field for a one-line slot (status, worker, counter name): controls shown, CR/LF/tab as spaces, bidi removed. */
export function oneLine(text: string): string {
  return neutralize(text.replace(LINE_BREAKS, ' ').replace(BIDI, ''));
}
