// The chat's slash commands: their table, parsing, Tab completion and the /help text. Pure.
import { SET_NAMES } from '../../core/flags/index.js';

/** One slash command as /help lists it. */
export interface SlashCommand {
  readonly name: string;
  readonly args?: string;
  readonly summary: string;
  /** Refused while a reply is streaming. */
  readonly idleOnly?: boolean;
}

const TABLE = [
  { name: 'help', summary: 'list the commands and keys' },
  { name: 'exit', summary: 'leave the chat (also Ctrl-D on an empty prompt)' },
  { name: 'quit', summary: 'leave the chat, as /exit' },
  { name: 'clear', summary: 'start the conversation over (the system prompt stays)', idleOnly: true },
  { name: 'system', args: '<text>', summary: 'set the system prompt; alone, show it' },
  { name: 'set', args: '<param> <value>', summary: 'set a sampling parameter, e.g. /set max_tokens 512' },
  { name: 'params', summary: 'the sampling parameters the next turn sends, and where each comes from' },
  { name: 'save', args: '[file]', summary: 'write the conversation as Markdown (asks before overwriting)' },
  { name: 'retry', summary: 'send the last message again (a new reply replaces the last one)', idleOnly: true },
  { name: 'stats', summary: "show the last turn's timings" },
  { name: 'job', summary: 'show the last job ID and its status' },
] as const satisfies readonly SlashCommand[];

/** The name of a slash command in the table. */
export type CommandName = (typeof TABLE)[number]['name'];

/** Every slash command, in /help order: the one table the chat's parser, Tab and /help read. */
export const COMMANDS: readonly (SlashCommand & { readonly name: CommandName })[] = TABLE;

/** A parsed command line: `/set max_tokens 5` is `{ name: 'set', arg: 'max_tokens 5' }`. */
export interface ParsedCommand {
  name: string;
  arg: string;
}

/** The command typed, or undefined for a message (`//text` sends `/text` as a message). */
export function parseCommand(text: string): ParsedCommand | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/') || trimmed.startsWith('//')) return undefined;
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(trimmed);
  return { name: (match?.[1] ?? '').toLowerCase(), arg: (match?.[2] ?? '').trim() };
}

/** The command named exactly `name`. */
export function findCommand(name: string): (SlashCommand & { name: CommandName }) | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0] ?? '';
  for (const word of words) {
    while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** Tab completion: the new input text and, when ambiguous, the candidates to show. */
export function complete(text: string, params: readonly string[]): { text: string; candidates: string[] } {
  const setMatch = /^\/set\s+(\S*)$/.exec(text);
  if (setMatch) {
    const partial = setMatch[1] ?? '';
    const names = [...new Set([...params, ...SET_NAMES])].filter((n) => n.startsWith(partial)).sort();
    if (names.length === 1) return { text: `/set ${names[0]} `, candidates: [] };
    const prefix = commonPrefix(names);
    return { text: `/set ${prefix.length > partial.length ? prefix : partial}`, candidates: names };
  }
  if (!/^\/\S*$/.test(text)) return { text, candidates: [] };
  const partial = text.slice(1).toLowerCase();
  const matches = COMMANDS.filter((c) => c.name.startsWith(partial));
  const only = matches[0];
  if (matches.length === 1 && only) return { text: `/${only.name}${only.args ? ' ' : ''}`, candidates: [] };
  const prefix = commonPrefix(matches.map((c) => c.name));
  return {
    text: prefix.length > partial.length ? `/${prefix}` : text,
    candidates: matches.map((c) => `/${c.name}`),
  };
}

/** The /help listing. */
export function helpLines(): string[] {
  const width = Math.max(...COMMANDS.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''}`.length));
  return [
    'commands:',
    ...COMMANDS.map((c) => `  ${`/${c.name}${c.args ? ` ${c.args}` : ''}`.padEnd(width)}  ${c.summary}`),
    'keys:',
    '  Enter sends · Alt+Enter, Ctrl-J or \\ then Enter: new line · Up/Down: history',
    '  Tab completes a command · Ctrl-C stops a reply, clears the input, or (twice) exits when empty',
    '  //text sends a message that starts with /',
  ];
}
