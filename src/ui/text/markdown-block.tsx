// The live tail of a reply: drawn with the same renderer as finished text (transcript-text.ts),
// so a block looks the same while it streams as after it moves above the live area.
import { Text } from 'ink';
import { painterFor } from './paint.js';
import type { ChunkStart } from './split.js';
import { replyRows } from './transcript-text.js';
import type { Theme } from '../theme.js';

/** Props of MarkdownBlock. */
export interface MarkdownBlockProps {
  text: string;
  start: ChunkStart;
  markdown: boolean;
  theme: Theme;
  columns: number;
  /** The terminal shows OSC 8 hyperlinks (see output/mode.ts). */
  hyperlinks?: boolean;
}

/**
 * One chunk of a reply, already wrapped to the terminal width. Links are laid out as they will be
 * once written above the live area, without their OSC 8 sequences: Ink redraws this text on every
 * frame and would measure and cut them.
 */
export function MarkdownBlock({ text, start, markdown, theme, columns, hyperlinks = false }: MarkdownBlockProps) {
  const painter = painterFor(theme.color);
  const rows = replyRows(text, start, { markdown, painter, columns, hyperlinks, linkEscapes: false });
  return <Text>{rows.map((row) => row || ' ').join('\n')}</Text>;
}
