// The theme's styles as string functions, for text written straight to the terminal (finished
// reply blocks, transcript lines) instead of through Ink's <Text>. Built from theme.ts's styles; with
// colour off every function returns its text untouched, so no escape sequence is ever produced.
import chalk, { type ChalkInstance, type ForegroundColorName } from 'chalk';
import type { TextProps } from 'ink';
import { themeFor } from '../theme.js';

/** Wraps text in one style's escape sequences. */
export type Paint = (text: string) => string;

/** The named styles, as functions. */
export interface Painter {
  color: boolean;
  dim: Paint;
  bold: Paint;
  italic: Paint;
  code: Paint;
  accent: Paint;
  link: Paint;
  user: Paint;
  warn: Paint;
  error: Paint;
  ok: Paint;
}

/** Leaves text as it is. */
export const plain: Paint = (text) => text;

const PLAIN_PAINTER: Painter = {
  color: false,
  dim: plain,
  bold: plain,
  italic: plain,
  code: plain,
  accent: plain,
  link: plain,
  user: plain,
  warn: plain,
  error: plain,
  ok: plain,
};

/** A theme style (Ink <Text> props) as a chalk function, so both renderers share one palette. */
function paintOf(props: TextProps): Paint {
  let style: ChalkInstance = chalk;
  if (props.color) style = style[props.color as ForegroundColorName];
  if (props.bold) style = style.bold;
  if (props.italic) style = style.italic;
  if (props.underline) style = style.underline;
  if (props.dimColor) style = style.dim;
  if (props.inverse) style = style.inverse;
  return (text) => (text === '' ? '' : style(text));
}

/**
 * The painter for `color` on or off, made from theme.ts's styles. With colour on it uses chalk's
 * default instance (the one Ink's <Text> uses), so its level (FORCE_COLOR, TERM, tests setting
 * chalk.level) applies to both.
 */
export function painterFor(color: boolean): Painter {
  if (!color) return PLAIN_PAINTER;
  const t = themeFor(true);
  return {
    color: true,
    dim: paintOf(t.dim),
    bold: paintOf(t.bold),
    italic: paintOf(t.italic),
    code: paintOf(t.code),
    accent: paintOf(t.accent),
    link: paintOf(t.link),
    user: paintOf(t.user),
    warn: paintOf(t.warn),
    error: paintOf(t.error),
    ok: paintOf(t.ok),
  };
}
