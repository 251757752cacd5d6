// Finished pieces of the transcript, written once above the live area and never redrawn. Both
// the job view and the chat append these; transcript-text.ts renders them.
import type { ChunkStart } from '../text/split.js';

/** One finished piece of output. `id` is unique within a view. */
export type StaticItem =
  /** A committed chunk of a reply (sanitized), with the Markdown state it starts in. */
  | { kind: 'reply'; id: string; text: string; start: ChunkStart }
  /** A message the user sent in the chat. */
  | { kind: 'user'; id: string; text: string }
  /** A heading line: the chat banner, `status --follow`'s title, a choice label. */
  | { kind: 'title'; id: string; text: string; detail?: string }
  /** A one-line note: command output, a saved-to path, an error. */
  | { kind: 'notice'; id: string; text: string; tone: 'info' | 'error' | 'dim' }
  /** Marks the reply above as cut short, e.g. `[interrupted]`. */
  | { kind: 'marker'; id: string; text: string }
  /** Several plain lines, e.g. the /help listing. */
  | { kind: 'lines'; id: string; lines: string[] };

/** The start state of a reply that begins at a fresh line outside any code block. */
export const FRESH_START: ChunkStart = { fence: null, continued: false };

/** A StaticItem before it is given its id. */
export type NewItem = StaticItem extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;
