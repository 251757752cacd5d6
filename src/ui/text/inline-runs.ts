// Inline Markdown spans as styled runs for the wrapper. With colour on, styles replace the
// markers; with colour off (NO_COLOR) the markers stay as written, so `**bold**` and `code` keep
// their meaning. Links are OSC 8 hyperlinks where the terminal shows them (output/mode.ts
// decides), else their URL follows the text; a URL is a `keep` run the wrapper never breaks.
import type { Span } from './markdown.js';
import { plain, type Paint, type Painter } from './paint.js';
import { expandTabs } from '../theme.js';
import type { Run } from './wrap.js';

/** How inline text is shown: the painter, and whether links are terminal hyperlinks. */
export interface InlineOptions {
  painter: Painter;
  /** The terminal shows OSC 8 hyperlinks: a link shows its text only (ignored with colour off). */
  hyperlinks?: boolean;
  /** Write the OSC 8 sequences themselves (default true; the live tail lays links out without them). */
  linkEscapes?: boolean;
}

/** URLs safe to hand to the terminal in an OSC 8 sequence: http(s) or mailto, printable ASCII. */
const LINKABLE = /^(?:https?:\/\/|mailto:)[\x21-\x7e]+$/;

/** `text` as an OSC 8 hyperlink to `url` (ST-terminated), or `text` when `url` is not linkable. */
export function hyperlink(url: string, text: string): string {
  if (!LINKABLE.test(url) || text === '') return text;
  return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}

function linkPaint(href: string, paint: Paint, opts: InlineOptions): Paint {
  if (!opts.hyperlinks || opts.linkEscapes === false) return paint;
  return (t) => hyperlink(href, paint(t));
}

function linkRuns(span: Span, opts: InlineOptions, base: Paint): Run[] {
  const p = opts.painter;
  const href = span.href ?? span.text;
  if (!p.color) {
    if (span.style === 'url') return [{ text: span.text, paint: base, keep: true }];
    return [
      { text: `[${expandTabs(span.text)}](`, paint: base },
      { text: href, paint: base, keep: true },
      { text: ')', paint: base },
    ];
  }
  const paint = linkPaint(href, (t) => base(p.link(t)), opts);
  if (span.style === 'url') return [{ text: span.text, paint, keep: true }];
  const runs: Run[] = [{ text: expandTabs(span.text), paint }];
  if (!opts.hyperlinks && span.text !== href) {
    runs.push({ text: ' (', paint: p.dim }, { text: href, paint: p.dim, keep: true }, { text: ')', paint: p.dim });
  }
  return runs;
}

/** Runs of inline spans, each painted over `base` (e.g. bold for a heading). */
export function spanRuns(spans: Span[], opts: InlineOptions, base: Paint = plain): Run[] {
  const p = opts.painter;
  return spans.flatMap((span): Run[] => {
    if (span.style === 'link' || span.style === 'url') return linkRuns(span, opts, base);
    if (span.style && !p.color) return [{ text: expandTabs(span.raw ?? span.text), paint: base }];
    const text = expandTabs(span.text);
    if (span.style === 'code') return [{ text, paint: (t) => base(p.code(t)) }];
    if (span.style === 'bold') return [{ text, paint: (t) => base(p.bold(t)) }];
    if (span.style === 'italic') return [{ text, paint: (t) => base(p.italic(t)) }];
    return [{ text, paint: base }];
  });
}

/** A line shown as it is (Markdown off), its bare URLs kept whole. */
export function plainRuns(text: string): Run[] {
  if (!text.includes('://')) return [{ text, paint: plain }];
  const runs: Run[] = [];
  let from = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>]+/g)) {
    if (m.index > from) runs.push({ text: text.slice(from, m.index), paint: plain });
    runs.push({ text: m[0], paint: plain, keep: true });
    from = m.index + m[0].length;
  }
  if (from < text.length) runs.push({ text: text.slice(from), paint: plain });
  return runs;
}
