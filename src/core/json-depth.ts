// How deeply a JSON text nests, found by scanning (no recursion), so a hostile or mistaken
// `--param x=[[[[...]]]]` is a usage error before anything is built or sent, never a stack overflow.

/** Most levels of nesting a user-given JSON value may have. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in `text` (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
