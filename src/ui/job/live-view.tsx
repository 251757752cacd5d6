// The job view: finished reply chunks are written once above the live area (see scrollback.ts);
// only the live tail and the status block below it are Ink elements that re-render.
import { Box } from 'ink';
import { useSyncExternalStore } from 'react';
import { LiveStatus } from './live-status.js';
import { MarkdownBlock } from '../text/markdown-block.js';
import { themeFor } from '../theme.js';
import type { StaticItem } from './items.js';
import { painterFor } from '../text/paint.js';
import { useScrollback, type Scrollback } from './scrollback.js';
import type { LiveState } from './state.js';
import type { Store } from './store.js';
import { itemText } from '../text/transcript-text.js';

/** Props of LiveJobView. */
export interface LiveJobViewProps {
  store: Store<LiveState>;
  markdown: boolean;
  color: boolean;
  /** Links as OSC 8 hyperlinks. */
  hyperlinks?: boolean;
  showStats?: boolean;
  /** Where finished text goes; its `onRender` must be Ink's `onRender` option (see live-area.ts). */
  scrollback: Scrollback;
}

/** Renders one job from its store. */
export function LiveJobView({
  store,
  markdown,
  color,
  hyperlinks = false,
  showStats = true,
  scrollback,
}: LiveJobViewProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const theme = themeFor(color);
  const painter = painterFor(color);
  const columns = state.layout.columns;
  useScrollback(scrollback, state.items, (item: StaticItem) =>
    itemText(item, { markdown, painter, columns, hyperlinks }),
  );
  return (
    <Box flexDirection="column">
      {state.tail ? (
        <MarkdownBlock
          text={state.tail}
          start={state.tailStart}
          markdown={markdown}
          theme={theme}
          columns={columns}
          hyperlinks={hyperlinks}
        />
      ) : null}
      <LiveStatus state={state} theme={theme} showStats={showStats} />
    </Box>
  );
}
