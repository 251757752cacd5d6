// Text styles in one place, so NO_COLOR is honoured by construction: with colour off every
// style is empty and no escape sequence is ever produced.
import type { TextProps } from 'ink';

/** The named styles the views use. */
export interface Theme {
  color: boolean;
  dim: TextProps;
  bold: TextProps;
  italic: TextProps;
  code: TextProps;
  accent: TextProps;
  link: TextProps;
  user: TextProps;
  warn: TextProps;
  error: TextProps;
  ok: TextProps;
  cursor: TextProps;
}

const PLAIN: TextProps = {};

/** The theme for `color` on or off. */
export function themeFor(color: boolean): Theme {
  if (!color) {
    return {
      color,
      dim: PLAIN,
      bold: PLAIN,
      italic: PLAIN,
      code: PLAIN,
      accent: PLAIN,
      link: PLAIN,
      user: PLAIN,
      warn: PLAIN,
      error: PLAIN,
      ok: PLAIN,
      cursor: PLAIN,
    };
  }
  return {
    color,
    dim: { dimColor: true },
    bold: { bold: true },
    italic: { italic: true },
    code: { color: 'cyan' },
    accent: { color: 'cyan' },
    link: { color: 'blue', underline: true },
    user: { color: 'green', bold: true },
    warn: { color: 'yellow' },
    error: { color: 'red' },
    ok: { color: 'green' },
    cursor: { inverse: true },
  };
}

/** Expands tabs to spaces (tab stops every 4 columns): Ink measures a tab as zero width. */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(4 - (out.length % 4));
    else out += ch;
  }
  return out;
}
