// The job view: finished reply chunks in <Static>, the live tail and the status block below.
import { Box, Static } from 'ink';
import { useSyncExternalStore } from 'react';
import { LiveStatus } from './components/live-status.js';
import { MarkdownBlock } from './components/markdown-block.js';
import { themeFor } from './components/theme.js';
import { TranscriptItem } from './components/transcript-item.js';
import type { LiveState } from './state.js';
import type { Store } from './store.js';

/** Props of LiveJobView. */
export interface LiveJobViewProps {
  store: Store<LiveState>;
  markdown: boolean;
  color: boolean;
  showStats?: boolean;
}

/** Renders one job from its store. */
export function LiveJobView({ store, markdown, color, showStats = true }: LiveJobViewProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const theme = themeFor(color);
  return (
    <>
      <Static items={state.items}>
        {(item) => <TranscriptItem key={item.id} item={item} markdown={markdown} theme={theme} />}
      </Static>
      <Box flexDirection="column">
        {state.tail ? <MarkdownBlock text={state.tail} start={state.tailStart} markdown={markdown} theme={theme} /> : null}
        <LiveStatus state={state} theme={theme} showStats={showStats} />
      </Box>
    </>
  );
}
