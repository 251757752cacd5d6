// Renders one <Static> item. Static output is written once, so this must never depend on
// anything that changes later (the terminal width at the time is all it gets).
import { Box, Text } from 'ink';
import type { StaticItem } from '../items.js';
import { sanitizeForTerminal } from '../sanitize.js';
import { MarkdownBlock } from './markdown-block.js';
import { expandTabs, type Theme } from './theme.js';

/** Props of TranscriptItem. */
export interface TranscriptItemProps {
  item: StaticItem;
  markdown: boolean;
  theme: Theme;
}

/** One finished piece of the transcript. */
export function TranscriptItem({ item, markdown, theme }: TranscriptItemProps) {
  switch (item.kind) {
    case 'reply':
      return <MarkdownBlock text={item.text} start={item.start} markdown={markdown} theme={theme} />;
    case 'user': {
      const lines = sanitizeForTerminal(item.text).split('\n');
      return (
        <Box flexDirection="column" marginTop={1} marginBottom={1}>
          {lines.map((line, i) => (
            <Text key={i}>
              <Text {...theme.user}>{i === 0 ? '› ' : '  '}</Text>
              <Text {...theme.bold}>{expandTabs(line) || ' '}</Text>
            </Text>
          ))}
        </Box>
      );
    }
    case 'title':
      return (
        <Text>
          <Text {...theme.bold}>{sanitizeForTerminal(item.text)}</Text>
          {item.detail ? <Text {...theme.dim}>{`  ${sanitizeForTerminal(item.detail)}`}</Text> : null}
        </Text>
      );
    case 'notice': {
      const style = item.tone === 'error' ? theme.error : item.tone === 'dim' ? theme.dim : theme.accent;
      return <Text {...style}>{sanitizeForTerminal(item.text)}</Text>;
    }
    case 'marker':
      return <Text {...theme.warn}>{item.text}</Text>;
    case 'lines':
      return (
        <Box flexDirection="column">
          {item.lines.map((line, i) => (
            <Text key={i}>{expandTabs(sanitizeForTerminal(line)) || ' '}</Text>
          ))}
        </Box>
      );
  }
}
