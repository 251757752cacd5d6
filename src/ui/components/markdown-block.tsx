// Renders one chunk of (already sanitized) reply text: as Markdown lines, or as plain lines when
// Markdown is off. Code blocks get a gutter instead of a closed box, so a block cut across two
// chunks still looks like one.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { parseMarkdown, type MdLine, type Span } from '../markdown.js';
import type { ChunkStart } from '../split.js';
import { expandTabs, type Theme } from './theme.js';

/** Props of MarkdownBlock. */
export interface MarkdownBlockProps {
  text: string;
  start: ChunkStart;
  markdown: boolean;
  theme: Theme;
}

function spansOf(spans: Span[], theme: Theme): ReactNode[] {
  return spans.map((span, i) => {
    const text = expandTabs(span.text);
    if (span.style === 'code') {
      return theme.color ? <Text key={i} {...theme.code}>{text}</Text> : `\`${text}\``;
    }
    if (span.style === 'bold') return <Text key={i} {...theme.bold}>{text}</Text>;
    if (span.style === 'italic') return <Text key={i} {...theme.italic}>{text}</Text>;
    return text;
  });
}

function MdLineView({ line, theme }: { line: MdLine; theme: Theme }) {
  switch (line.kind) {
    case 'heading':
      return (
        <Text {...theme.bold}>
          {theme.color ? '' : `${'#'.repeat(line.level)} `}
          {spansOf(line.spans, theme)}
        </Text>
      );
    case 'item':
      return (
        <Box flexDirection="row" paddingLeft={line.indent}>
          <Text {...theme.accent}>{`${line.bullet} `}</Text>
          <Box flexGrow={1} flexShrink={1}>
            <Text>{spansOf(line.spans, theme)}</Text>
          </Box>
        </Box>
      );
    case 'quote':
      return (
        <Box flexDirection="row">
          <Text {...theme.dim}>{'│ '}</Text>
          <Box flexGrow={1} flexShrink={1}>
            <Text {...theme.italic}>{spansOf(line.spans, theme)}</Text>
          </Box>
        </Box>
      );
    case 'rule':
      return <Text {...theme.dim}>{'─'.repeat(24)}</Text>;
    case 'fence-open':
      return <Text {...theme.dim}>{`╭─ ${line.lang || 'code'}`}</Text>;
    case 'fence-close':
      return <Text {...theme.dim}>╰─</Text>;
    case 'code':
      return (
        <Box flexDirection="row">
          <Text {...theme.dim}>{'│ '}</Text>
          <Box flexGrow={1} flexShrink={1}>
            <Text {...theme.code}>{expandTabs(line.text) || ' '}</Text>
          </Box>
        </Box>
      );
    case 'text':
      return <Text>{line.spans.length === 0 ? ' ' : spansOf(line.spans, theme)}</Text>;
  }
}

/** One chunk of a reply. */
export function MarkdownBlock({ text, start, markdown, theme }: MarkdownBlockProps) {
  if (!markdown) {
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    return (
      <Box flexDirection="column">
        {body.split('\n').map((line, i) => (
          <Text key={i}>{expandTabs(line) || ' '}</Text>
        ))}
      </Box>
    );
  }
  const { lines } = parseMarkdown(text, start.fence, start.continued);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <MdLineView key={i} line={line} theme={theme} />
      ))}
    </Box>
  );
}
