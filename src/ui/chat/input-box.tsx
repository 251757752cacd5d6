// The chat's input box: a bordered, multi-line editor view with a visible cursor. Taller input
// scrolls inside the box so the live area stays shorter than the terminal.
import { Box, Text } from 'ink';
import { expandTabs, type Theme } from '../theme.js';
import type { Editor } from './editor.js';
import { maxInputLines } from './layout.js';
import type { LiveState } from '../job/state.js';

/** Props of InputBox. */
export interface InputBoxProps {
  editor: Editor;
  theme: Theme;
  rows: number;
  /** While a turn runs: what it is doing (busyText), shown where the placeholder goes. */
  busy?: string;
}

/** Which lines are visible: a window of at most `size` lines that contains the cursor line. */
function visibleWindow(lineCount: number, cursorLine: number, size: number): { start: number; end: number } {
  if (lineCount <= size) return { start: 0, end: lineCount };
  const start = Math.min(Math.max(0, cursorLine - size + 1), lineCount - size);
  return { start, end: start + size };
}

function CursorLine({
  line,
  column,
  theme,
  trailing,
}: {
  line: string;
  column: number;
  theme: Theme;
  trailing?: string;
}) {
  const before = expandTabs(line.slice(0, column));
  const code = line.codePointAt(column);
  const at = code === undefined ? '' : String.fromCodePoint(code);
  const after = expandTabs(line.slice(column + at.length));
  const tail = trailing ? <Text {...theme.dim}>{` ${trailing}`}</Text> : null;
  if (!theme.color) {
    return (
      <Text>
        {`${before}▌${expandTabs(at)}${after}`}
        {tail}
      </Text>
    );
  }
  return (
    <Text>
      {before}
      <Text {...theme.cursor}>{at && at !== '\t' ? at : ' '}</Text>
      {after}
      {tail}
    </Text>
  );
}

/** What a running turn is doing, in the words of its live state: never "streaming" before it is. */
export function busyText(live: LiveState): string {
  if (live.retry) return `retrying (${live.retry.reason})`;
  switch (live.phase) {
    case 'starting':
      return 'sending the message';
    case 'submitted':
    case 'queued':
      return 'in queue, waiting for a worker';
    case 'generating':
      return 'a reply is streaming';
    default:
      return 'finishing the reply';
  }
}

/** The input box. */
export function InputBox({ editor, theme, rows, busy }: InputBoxProps) {
  const lines = editor.text.split('\n');
  const before = editor.text.slice(0, editor.cursor);
  const cursorLine = before.split('\n').length - 1;
  const column = editor.cursor - (before.lastIndexOf('\n') + 1);
  const { start, end } = visibleWindow(lines.length, cursorLine, maxInputLines(rows));
  const empty = editor.text === '';
  const placeholder = busy ? `${busy} · Ctrl-C stops it` : 'Send a message · /help for commands';
  return (
    <Box borderStyle="round" paddingX={1} flexDirection="column" {...(theme.color ? { borderColor: 'gray' } : {})}>
      {lines.slice(start, end).map((line, offset) => {
        const index = start + offset;
        const scrolled = (index === start && start > 0) || (index === end - 1 && end < lines.length);
        const prefix = scrolled ? '⋮ ' : index === 0 ? '› ' : '  ';
        return (
          <Box key={index} flexDirection="row">
            <Text {...theme.accent}>{prefix}</Text>
            <Box flexGrow={1} flexShrink={1}>
              {index === cursorLine ? (
                <CursorLine line={line} column={column} theme={theme} trailing={empty ? placeholder : undefined} />
              ) : (
                <Text>{expandTabs(line) || ' '}</Text>
              )}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
