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
}

/** One chunk of a reply, already wrapped to the terminal width. */
export function MarkdownBlock({ text, start, markdown, theme, columns }: MarkdownBlockProps) {
  const rows = replyRows(text, start, { markdown, painter: painterFor(theme.color), columns });
  return <Text>{rows.map((row) => row || ' ').join('\n')}</Text>;
}
