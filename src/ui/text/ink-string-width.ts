// A stand-in for the `string-width` package, which Ink calls on every line of every frame. Meant
// to replace it in the bundle (an esbuild alias in scripts/build.mjs). string-width 8 creates an
// Intl.Segmenter and Unicode-property regexes (RGI_Emoji) when loaded and compiles them on first
// use, ~20 ms each at start-up, then spends microseconds per character; this counts columns the
// way the rest of src/ui does (text-width.ts), so Ink's layout and rpv's own wrapping agree.
import { displayWidth } from './text-width.js';

/** CSI (7- and 8-bit), OSC up to BEL or ST, and two-character escapes. */
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** string-width's options; only `countAnsiEscapeCodes` changes anything here. */
export interface StringWidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/** Columns `text` takes on a terminal, escape sequences not counted (string-width's contract). */
export function stringWidth(text: string, options: StringWidthOptions = {}): number {
  if (typeof text !== 'string' || text === '') return 0;
  const plain = !options.countAnsiEscapeCodes && /[\u001b\u009b]/.test(text) ? text.replace(ESCAPES, '') : text;
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  return displayWidth(plain);
}

/** The package's default export, for the alias. */
export default stringWidth;
