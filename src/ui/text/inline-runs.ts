// Inline Markdown spans as styled runs for the wrapper. With colour on, styles replace the
// markers; with colour off (NO_COLOR) the markers stay as written, so `**bold**` and `code` keep
// their meaning.
import type { Span } from './markdown.js';
import { plain, type Paint, type Painter } from './paint.js';
import { expandTabs } from '../theme.js';
import type { Run } from './wrap.js';

/** How inline text is shown. */
export interface InlineOptions {
  painter: Painter;
}

/** Runs of inline spans, each painted over `base` (e.g. bold for a heading). */
export function spanRuns(spans: Span[], opts: InlineOptions, base: Paint = plain): Run[] {
  const p = opts.painter;
  return spans.flatMap((span): Run[] => {
    if (span.style && !p.color) return [{ text: expandTabs(span.raw ?? span.text), paint: base }];
    const text = expandTabs(span.text);
    if (span.style === 'code') return [{ text, paint: (t) => base(p.code(t)) }];
    if (span.style === 'bold') return [{ text, paint: (t) => base(p.bold(t)) }];
    if (span.style === 'italic') return [{ text, paint: (t) => base(p.italic(t)) }];
    return [{ text, paint: base }];
  });
}
