// The theme's styles as string functions, for text written straight to the terminal (finished
// reply blocks, transcript lines) instead of through Ink's <Text>. Same colours as theme.ts; with
// colour off every function returns its text untouched, so no escape sequence is ever produced.
import chalk from 'chalk';

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
  user: plain,
  warn: plain,
  error: plain,
  ok: plain,
};

/**
 * The painter for `color` on or off. With colour on it uses chalk's default instance (the one
 * Ink's <Text> uses), so its level (FORCE_COLOR, TERM, tests setting chalk.level) applies to both.
 */
export function painterFor(color: boolean): Painter {
  if (!color) return PLAIN_PAINTER;
  const guard = (paint: Paint): Paint => (text) => (text === '' ? '' : paint(text));
  return {
    color: true,
    dim: guard((t) => chalk.dim(t)),
    bold: guard((t) => chalk.bold(t)),
    italic: guard((t) => chalk.italic(t)),
    code: guard((t) => chalk.cyan(t)),
    accent: guard((t) => chalk.cyan(t)),
    user: guard((t) => chalk.green.bold(t)),
    warn: guard((t) => chalk.yellow(t)),
    error: guard((t) => chalk.red(t)),
    ok: guard((t) => chalk.green(t)),
  };
}
