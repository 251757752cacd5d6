// What shell completion knows about rpv, derived from the flag table and the emulator's option
// table, so the bash, zsh and fish scripts can never offer a flag rpv does not take.
import { completionFor, globalRows, type CommandName } from '../../core/flags/index.js';
import { EMULATE_OPTIONS } from '../../emulator/help.js';

/** One flag as a completion script offers it. */
export interface CompletionFlag {
  /** `--max-tokens`, `-e`, `--no-stream`: every spelling of the flag. */
  flags: string[];
  takesValue: boolean;
  /** Fixed values (`--api native|openai`). */
  choices?: readonly string[];
  /** Values listed at completion time by `rpv completion --names <kind>`. */
  names?: 'profiles' | 'sessions';
  /** The value is a file path. */
  file?: boolean;
  help: string;
}

/** One subcommand: its flags and the words it takes as positional arguments. */
export interface CompletionCommand {
  name: string;
  help: string;
  flags: CompletionFlag[];
  /** Words offered for the first positional argument (`config set`, `sessions show`). */
  actions?: readonly string[];
  /** Dynamic names offered for positional arguments after the action. */
  argNames?: 'profiles' | 'sessions';
}

const TABLE_COMMANDS: readonly { name: CommandName; help: string }[] = [
  { name: 'complete', help: 'complete a prompt' },
  { name: 'chat', help: 'chat with the model' },
  { name: 'status', help: 'show a job or the recent jobs' },
  { name: 'cancel', help: 'cancel jobs' },
  { name: 'health', help: 'worker and job counters' },
  { name: 'config', help: 'read and change settings' },
];

function namesOf(flag: string): CompletionFlag['names'] {
  if (flag === '--profile') return 'profiles';
  if (flag === '--session') return 'sessions';
  return undefined;
}

function tableFlags(command: CommandName): CompletionFlag[] {
  return completionFor(command).map((f) => {
    const names = f.flags.map(namesOf).find((n) => n !== undefined);
    return { ...f, ...(names ? { names } : {}) };
  });
}

function emulateFlags(): CompletionFlag[] {
  return EMULATE_OPTIONS.map((o) => {
    const spellings = o.flags.split(/[ ,]+/).filter((w) => w.startsWith('-'));
    return {
      flags: spellings,
      takesValue: o.flags.includes('<'),
      help: o.description,
      ...(o.flags.startsWith('--reply-file') ? { file: true } : {}),
    };
  });
}

const HELP_FLAG: CompletionFlag = { flags: ['-h', '--help'], takesValue: false, help: 'show help' };

/** Every subcommand with what it completes, in help order. */
export function completionCommands(): CompletionCommand[] {
  const commands: CompletionCommand[] = TABLE_COMMANDS.map((c) => ({
    name: c.name,
    help: c.help,
    flags: [...tableFlags(c.name), HELP_FLAG],
  }));
  const config = commands.find((c) => c.name === 'config');
  if (config) config.actions = ['set', 'get', 'unset', 'list', 'path'];
  commands.push(
    {
      name: 'sessions',
      help: 'list, show or delete saved conversations',
      flags: [{ flags: ['--json'], takesValue: false, help: 'JSON output' }, HELP_FLAG],
      actions: ['list', 'show', 'delete', 'path'],
      argNames: 'sessions',
    },
    { name: 'emulate', help: 'run a local emulator of a Runpod vLLM endpoint', flags: [...emulateFlags(), HELP_FLAG] },
    {
      name: 'completion',
      help: 'print a shell completion script',
      flags: [HELP_FLAG],
      actions: ['bash', 'zsh', 'fish'],
    },
    {
      name: 'help',
      help: 'show help for a command',
      flags: [],
      actions: [...TABLE_COMMANDS.map((c) => c.name as string), 'sessions', 'emulate', 'completion'],
    },
  );
  return commands;
}

/** The flags accepted before the subcommand. */
export function completionGlobals(): CompletionFlag[] {
  const rows = new Set(globalRows().map((r) => r.name));
  const flags = tableFlags('complete').filter(
    (f) => f.flags.some((s) => rows.has(s.replace(/^-+/, ''))) || f.flags.includes('-p'),
  );
  return [...flags, { flags: ['-V', '--version'], takesValue: false, help: 'print the version' }, HELP_FLAG];
}

/** Every flag spelling (any command) that takes a value: a completer skips the word after it. */
export function valueFlagSpellings(): string[] {
  const all = new Set<string>();
  for (const c of [...completionCommands(), { flags: completionGlobals() }])
    for (const f of c.flags) if (f.takesValue) for (const s of f.flags) all.add(s);
  return [...all];
}
