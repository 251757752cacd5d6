// What each slash command does to the chat state. Pure: files, saves and exits are effects.
import { ExitCode } from '../../core/errors.js';
import { SET_NAMES } from '../../core/flags/index.js';
import { formatOutcome, formatStats } from '../job/format.js';
import { findCommand, helpLines, type CommandName, type ParsedCommand } from './commands.js';
import { addItems, conversationOf, firstLine, same, type ChatDeps, type ChatState, type ChatStep } from './state.js';
import type { ParamSource } from './types.js';
import { startTurn } from './turns.js';

/** A command that cannot run: the message is shown once and the input is emptied (Up recalls it). */
export interface CommandError {
  error: string;
}

const BUSY = 'a reply is still streaming: wait for it, or press Ctrl-C to stop it';

function info(state: ChatState, text: string): ChatStep {
  return same(addItems(state, { kind: 'notice', tone: 'info', text }));
}

function retry(state: ChatState, now: number): ChatStep | CommandError {
  const messages = state.messages;
  const last = messages[messages.length - 1];
  if (!last) return { error: 'nothing to retry yet' };
  const kept = last.role === 'assistant' ? messages.slice(0, -1) : messages;
  const prompt = kept[kept.length - 1];
  if (!prompt || prompt.role !== 'user')
    return { error: 'nothing to retry: the conversation does not end with your message' };
  const next = addItems(
    { ...state, messages: kept },
    { kind: 'notice', tone: 'dim', text: `↻ retry: ${firstLine(prompt.content)}` },
  );
  return startTurn(next, now);
}

function setParam(state: ChatState, arg: string, deps: ChatDeps): ChatStep | CommandError {
  const match = /^(\S+)\s+([\s\S]+)$/.exec(arg);
  if (!match?.[1] || !match[2]) return { error: 'usage: /set <param> <value>, e.g. /set temperature 0.7' };
  const checked = deps.validateParam(match[1], match[2].trim());
  if (!checked.ok) return { error: checked.error };
  const next = {
    ...state,
    params: { ...state.params, [checked.name]: checked.value },
    paramSources: { ...state.paramSources, [checked.name]: 'set' as const },
  };
  const shown = info(next, `${checked.name} = ${JSON.stringify(checked.value)}`);
  // Kept with the session (so -c brings it back); a conversation not yet started saves it with its first turn.
  if (next.messages.length === 0) return shown;
  return { state: shown.state, effects: [{ type: 'save', conversation: conversationOf(shown.state) }] };
}

const SOURCE_LABELS: Record<ParamSource, string> = {
  flag: 'flag',
  set: '/set',
  session: '/set, kept in the session',
  profile: 'profile',
  default: 'default',
};

/** The parameters the next turn sends, each with its value and where it comes from. */
function params(state: ChatState): ChatStep {
  const order = (n: string) => (SET_NAMES.includes(n) ? SET_NAMES.indexOf(n) : SET_NAMES.length);
  const names = Object.keys(state.params).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const values = names.map((n) => JSON.stringify(state.params[n]) ?? String(state.params[n]));
  const nameWidth = Math.max(0, ...names.map((n) => n.length));
  const valueWidth = Math.max(0, ...values.map((v) => v.length));
  const lines = names.map(
    (n, i) =>
      `  ${n.padEnd(nameWidth)}  ${(values[i] ?? '').padEnd(valueWidth)}  ${SOURCE_LABELS[state.paramSources[n] ?? 'default']}`,
  );
  const unset = SET_NAMES.filter((n) => !Object.hasOwn(state.params, n));
  return same(
    addItems(state, {
      kind: 'lines',
      lines: [
        names.length > 0 ? 'sampling parameters for the next turn:' : 'no sampling parameters are sent',
        ...lines,
        ...(unset.length > 0 ? [`  not sent (the worker's defaults): ${unset.join(', ')}`] : []),
      ],
    }),
  );
}

function stats(state: ChatState): ChatStep {
  const last = state.lastTurn;
  if (!last) return info(state, 'no turn yet');
  const usage = last.type === 'done' ? last.usage : undefined;
  return same(
    addItems(state, {
      kind: 'lines',
      lines: [`last turn: ${formatOutcome(last)}`, `  ${formatStats(last.timings, usage, last.retries)}`],
    }),
  );
}

function job(state: ChatState): ChatStep {
  const live = state.turn?.live;
  if (live?.jobId) return info(state, `job ${live.jobId}: ${live.status ?? live.phase} (streaming)`);
  if (!state.lastJob) return info(state, 'no job yet');
  return info(state, `job ${state.lastJob.id}: ${state.lastJob.status}`);
}

function system(state: ChatState, arg: string): ChatStep {
  if (!arg) return info(state, state.system ? `system prompt: ${state.system}` : 'no system prompt set');
  const next = addItems(
    { ...state, system: arg },
    { kind: 'notice', tone: 'info', text: `system prompt set: ${firstLine(arg)}` },
  );
  return { state: next, effects: [{ type: 'save', conversation: conversationOf(next) }] };
}

/** /clear; a named session with messages asks first, since its file is rewritten. */
function clear(state: ChatState): ChatStep {
  if (state.named && state.messages.length > 0) {
    const question = `clear the conversation and rewrite session "${state.sessionName}"? (y/N)`;
    return same({ ...state, confirm: { kind: 'clear', question } });
  }
  return clearNow(state);
}

/** Empties the conversation (the system prompt stays) and saves it. */
export function clearNow(state: ChatState): ChatStep {
  const next = addItems(
    { ...state, messages: [], lastTurn: undefined },
    { kind: 'notice', tone: 'info', text: '── conversation cleared ──' },
  );
  return { state: next, effects: [{ type: 'save', conversation: conversationOf(next) }] };
}

function exit(state: ChatState): ChatStep {
  if (!state.turn)
    return { state: { ...state, exitCode: ExitCode.ok }, effects: [{ type: 'exit', code: ExitCode.ok }] };
  return {
    state: { ...state, exitCode: ExitCode.ok },
    effects: [{ type: 'abort', turnId: state.turn.id, force: true }],
  };
}

type Handler = (state: ChatState, arg: string, now: number, deps: ChatDeps) => ChatStep | CommandError;

/** What each command in the table does; the type makes every command have exactly one. */
const HANDLERS: Record<CommandName, Handler> = {
  help: (state) => same(addItems(state, { kind: 'lines', lines: helpLines() })),
  exit: (state) => exit(state),
  quit: (state) => exit(state),
  clear: (state) => clear(state),
  system: (state, arg) => system(state, arg),
  set: (state, arg, _now, deps) => setParam(state, arg, deps),
  params: (state) => params(state),
  save: (state, arg) =>
    state.messages.length === 0
      ? info(state, 'nothing to save yet: the conversation is empty (no file written)')
      : { state, effects: [{ type: 'transcript', file: arg || undefined, conversation: conversationOf(state) }] },
  retry: (state, _arg, now) => retry(state, now),
  stats: (state) => stats(state),
  job: (state) => job(state),
};

/** Runs a parsed command, or says why it cannot run (an unknown one names /help). */
export function runCommand(state: ChatState, cmd: ParsedCommand, now: number, deps: ChatDeps): ChatStep | CommandError {
  const known = findCommand(cmd.name);
  if (!known) return { error: `unknown command /${cmd.name}: /help lists the commands` };
  if (state.turn && known.idleOnly) return { error: BUSY };
  return HANDLERS[known.name](state, cmd.arg, now, deps);
}
