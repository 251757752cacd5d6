// The interactive chat: the transcript written once above the live area (see scrollback.ts),
// the streaming reply's live tail, hints and the input box below. Loaded lazily by the CLI;
// everything stateful lives in the session and its reducer.
import { Box, Text, useInput, type Key } from 'ink';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { LiveStatus } from '../job/live-status.js';
import { MarkdownBlock } from '../text/markdown-block.js';
import { themeFor } from '../theme.js';
import type { StaticItem } from '../job/items.js';
import { painterFor } from '../text/paint.js';
import { mountLiveArea } from '../job/live-area.js';
import { divertStderr, sharedTerminal } from '../job/stderr-divert.js';
import { useScrollback, type Scrollback } from '../job/scrollback.js';
import { itemText } from '../text/transcript-text.js';
import { busyText, InputBox } from './input-box.js';
import { mapInput } from './keymap.js';
import { createChatSession, type ChatSession, type SessionOptions } from './session.js';
import type { ChatAppOptions } from './types.js';

/** The chat's contract types, re-exported next to runChatApp for the CLI. */
export type { ChatAppOptions, ChatTurnRequest, StoredMessage, Conversation } from './types.js';

/** Props of ChatApp. */
export interface ChatAppProps {
  session: ChatSession;
  markdown: boolean;
  color: boolean;
  hyperlinks?: boolean;
  /** Where the transcript goes; its `onRender` must be Ink's `onRender` option (see live-area.ts). */
  scrollback: Scrollback;
}

/** The chat view over a session. */
export function ChatApp({ session, markdown, color, hyperlinks = false, scrollback }: ChatAppProps) {
  const state = useSyncExternalStore(session.store.subscribe, session.store.getState);
  const theme = themeFor(color);
  const painter = painterFor(color);
  const columns = state.layout.columns;
  useScrollback(scrollback, state.items, (item: StaticItem) =>
    itemText(item, { markdown, painter, columns, hyperlinks }),
  );
  const pasting = useRef(false);
  const onInput = useCallback(
    (input: string, key: Key) => {
      const mapped = mapInput(input, key, pasting.current);
      pasting.current = mapped.pasting;
      for (const action of mapped.actions) session.dispatch({ type: 'key', key: action, now: session.clock.now() });
    },
    [session],
  );
  useInput(onInput);
  const live = state.turn?.live;
  return (
    <Box flexDirection="column">
      {live?.tail ? (
        <MarkdownBlock
          text={live.tail}
          start={live.tailStart}
          markdown={markdown}
          theme={theme}
          columns={live.layout.columns}
          hyperlinks={hyperlinks}
        />
      ) : null}
      {live ? <LiveStatus state={live} theme={theme} showStats={false} /> : null}
      {state.confirm ? (
        <Text wrap="truncate-end" {...theme.warn}>
          {state.confirm.question}
        </Text>
      ) : state.hint ? (
        <Text wrap="truncate-end" {...theme.dim}>
          {state.hint}
        </Text>
      ) : null}
      <InputBox
        editor={state.editor}
        theme={theme}
        rows={state.layout.rows}
        busy={state.turn ? busyText(state.turn.live) : undefined}
      />
    </Box>
  );
}

const BRACKETED_PASTE_ON = '\u001b[?2004h';
const BRACKETED_PASTE_OFF = '\u001b[?2004l';

/** Runs the interactive chat until /exit, Ctrl-D or Ctrl-C at an empty prompt; resolves the exit code. */
export async function runChatApp(opts: ChatAppOptions & { session?: SessionOptions }): Promise<number> {
  const { io } = opts;
  const size = () => ({ columns: io.stdout.columns ?? 80, rows: io.stdout.rows ?? 24 });
  const session = createChatSession(opts, { ...opts.session, layout: size() });
  const tty = Boolean(io.stdout.isTTY);
  if (tty) io.stdout.write(BRACKETED_PASTE_ON);
  // Raw mode before the first frame (Ink sets it only once mounted): keys typed as soon as the
  // prompt shows must not go through the line discipline, which turns Enter into a newline.
  const raw = io.stdin.isTTY && io.stdin.setRawMode ? io.stdin.setRawMode.bind(io.stdin) : undefined;
  raw?.(true);
  const area = mountLiveArea(
    io,
    (scrollback) => (
      <ChatApp
        session={session}
        markdown={opts.markdown}
        color={opts.color}
        hyperlinks={opts.hyperlinks ?? false}
        scrollback={scrollback}
      />
    ),
    () => {
      session.dispatch({ type: 'layout', ...size() });
      session.store.flush();
    },
  );
  // -v lines and warnings written to a stderr on this terminal are shown above the live area.
  const restoreStderr = sharedTerminal(io)
    ? divertStderr(io, (line) => session.dispatch({ type: 'notice', text: line, tone: 'dim' }))
    : undefined;
  const onSignal = () => session.dispatch({ type: 'terminate' });
  if (io.signal.aborted) onSignal();
  else io.signal.addEventListener('abort', onSignal, { once: true });
  try {
    return await session.exit;
  } finally {
    io.signal.removeEventListener('abort', onSignal);
    restoreStderr?.();
    session.dispose();
    await area.close();
    raw?.(false);
    if (tty) io.stdout.write(BRACKETED_PASTE_OFF);
  }
}
