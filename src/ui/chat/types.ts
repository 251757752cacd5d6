// The contract between the interactive chat view and the CLI that wires it to the core.
import type { CliIo } from '../../core/io.js';
import type { JobEvent } from '../../core/events.js';
import type { ChatMessage } from '../../core/request.js';

/** The core's chat message, re-exported for the chat's callers. */
export type { ChatMessage };

/** A message as the session file keeps it. */
export type StoredMessage = ChatMessage & { interrupted?: boolean; jobId?: string; at?: string; reasoning?: string };

/** The conversation: what is saved after every turn and written by /save. */
export interface Conversation {
  system?: string;
  messages: StoredMessage[];
  /** The sampling parameters set with /set (in this run or an earlier one), kept with the session. */
  params?: Record<string, unknown>;
}

/** Where a sampling parameter's value comes from, as /params shows it. */
export type ParamSource = 'flag' | 'set' | 'session' | 'profile' | 'default';

/** What a /save did: wrote `path`, or found a file there and wrote nothing (asks to overwrite). */
export type TranscriptResult = { written: true; path: string } | { written: false; path: string };

/** One turn sent to the endpoint: the whole conversation, system prompt first. */
export interface ChatTurnRequest {
  messages: ChatMessage[];
  params: Record<string, unknown>;
  signal: AbortSignal;
}

/** The answer of `validateParam` (declared with the flag table). */
export type { ParamCheck } from '../../core/flags/parse.js';
import type { ParamCheck } from '../../core/flags/parse.js';

/** Everything the chat needs from the CLI. */
export interface ChatAppOptions {
  io: CliIo;
  markdown: boolean;
  color: boolean;
  /** Links as OSC 8 hyperlinks (output/mode.ts wantsHyperlinks). */
  hyperlinks?: boolean;
  /** Initial system prompt (from --system or the session). */
  system?: string;
  /** Initial conversation (from --session / --continue). */
  messages: StoredMessage[];
  /** Shown in the header. */
  sessionName: string;
  endpointLabel: string;
  /** Current sampling params, vLLM snake_case names (max_tokens, ...). */
  params: Record<string, unknown>;
  /** Where each of `params` comes from (unlisted: 'default'). */
  paramSources?: Record<string, ParamSource>;
  /** The session was named with --session (so /clear asks before it rewrites its file). */
  named?: boolean;
  validateParam(name: string, value: string): ParamCheck;
  sendTurn(req: ChatTurnRequest): AsyncIterable<JobEvent>;
  history: { load(): string[]; append(entry: string): void };
  /** Called after every turn and on /clear, /system. */
  save(state: Conversation): Promise<void>;
  /**
   * /save: writes the transcript; an existing file is left alone unless `overwrite`. Rejects
   * with a one-line human message (no errno code, no stack).
   */
  writeTranscript(file: string | undefined, state: Conversation, overwrite: boolean): Promise<TranscriptResult>;
}
