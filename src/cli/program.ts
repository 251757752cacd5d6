// The Commander program: every command, flag and help text. Actions only load their command
// module when they run, so `--help` and light commands stay fast.
import { Command, Option } from 'commander';
import { EXIT_MEANING, ExitCode } from '../core/errors.js';
import { globalRows, labelOf } from '../core/flags/index.js';
import { EMULATE_OPTIONS, emulateHelpText } from '../emulator/help.js';
import { addGlobalOptions, addOptions } from './options.js';
import { examplesFor } from './examples.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The exit code lines of `rpv --help`, from the ExitCode table. */
function exitCodeHelp(): string {
  const parts = (Object.keys(ExitCode) as (keyof typeof ExitCode)[]).map((k) => `${ExitCode[k]} ${EXIT_MEANING[k]}`);
  return `Exit codes: ${parts.slice(0, 6).join(', ')},\n  ${parts.slice(6).join(', ')}`;
}

/** Every subcommand, in help order. */
export const COMMAND_NAMES = [
  'complete',
  'chat',
  'status',
  'batch',
  'cancel',
  'log',
  'stats',
  'cache',
  'models',
  'health',
  'config',
  'emulate',
  'sessions',
  'completion',
] as const;

/**
 * The subcommand `argv` certainly runs: the first word that is not an option (global options
 * and their values skipped) when it names one. Undefined for help, a typo or no command, which
 * need the whole program (the command list, suggestions).
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const withValue = new Set<string>();
  for (const row of globalRows()) {
    if (!row.arg) continue;
    withValue.add(labelOf(row));
    if (row.short) withValue.add(`-${row.short}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a.startsWith('-')) {
      if (withValue.has(a)) i++;
      continue;
    }
    return (COMMAND_NAMES as readonly string[]).includes(a) ? a : undefined;
  }
  return undefined;
}

/**
 * Builds the program; `run` is called with the command name when an action fires. With `only`,
 * just that subcommand is declared (the others' options and help texts are never built).
 */
export function buildProgram(
  version: string,
  run: (name: string, args: unknown[], opts: Record<string, unknown>) => Promise<void>,
  only?: string,
): Command {
  const want = (name: string) => only === undefined || only === name;
  const program = new Command('rpv')
    .description('Stream vLLM completions from Runpod Serverless endpoints')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .addHelpText(
      'after',
      `
Examples:
  rpv complete "Write a haiku about GPUs"
  git diff | rpv complete "Write a commit message for this diff:"
  rpv chat                              interactive chat in a terminal
  rpv complete --json "2+2=" | jq -r .text
  id=$(rpv complete --detach "Long job") && rpv status "$id" --wait --text
  rpv emulate --port 0                  a local endpoint to try all of this on
  rpv help complete                     every flag of one command, with examples

Environment:
  RUNPOD_API_KEY, RUNPOD_ENDPOINT_ID, RUNPOD_ENDPOINT_BASE_URL, RPV_PROFILE,
  RPV_CONFIG_DIR, RPV_DATA_DIR, NO_COLOR, FORCE_COLOR, RPV_HYPERLINKS,
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY (and lowercase forms, which win)

${exitCodeHelp()}`,
    );

  addGlobalOptions(program);

  const action = (name: string) =>
    async function (this: Command, ...args: unknown[]) {
      // Commander passes positional args, then the options object, then the command.
      const positional = args.slice(0, -2);
      await run(name, positional, this.optsWithGlobals());
    };

  if (want('complete'))
    addOptions(
      program
        .command('complete')
        .description('complete a prompt (arguments and/or stdin)')
        .argument('[prompt...]', 'prompt text; `-` reads stdin only'),
      'complete',
    ).action(action('complete'));

  if (want('chat'))
    addOptions(
      program
        .command('chat')
        .description('chat with the model: interactive in a terminal, one turn otherwise')
        .argument('[message...]', 'a message for one turn'),
      'chat',
    ).action(action('chat'));

  if (want('status'))
    addOptions(
      program
        .command('status')
        .description('show a job, or the recent jobs from the local record')
        .argument('[job-id]', 'job ID, a unique prefix of 6+ characters'),
      'status',
    ).action(action('status'));

  if (want('batch'))
    addOptions(
      program
        .command('batch')
        .description('run many requests (JSON lines) as jobs, crash-safe and resumable')
        .argument('[file]', 'JSON-lines input; `-` or none reads stdin'),
      'batch',
    ).action(action('batch'));

  if (want('cancel'))
    addOptions(
      program.command('cancel').description('cancel jobs').argument('[job-id...]', 'job IDs (or --last)'),
      'cancel',
    ).action(action('cancel'));

  if (want('log'))
    addOptions(
      program
        .command('log')
        .description('recorded jobs with their timings (rpv log <job-id>: one in full; rpv log path)')
        .argument('[job-id]', 'a job ID, a unique prefix of 6+ characters, or "path"'),
      'log',
    ).action(action('log'));

  if (want('stats'))
    addOptions(
      program
        .command('stats')
        .description('per endpoint: jobs, cold starts, p50/p95/max of queue, first token, execution, total'),
      'stats',
    ).action(action('stats'));

  if (want('cache'))
    addOptions(
      program
        .command('cache')
        .description('the local answer cache: stats|clear')
        .argument('<action>', 'stats or clear'),
      'cache',
    ).action(action('cache'));
  if (want('models'))
    addOptions(program.command('models').description("the models the endpoint's OpenAI route serves"), 'models').action(
      action('models'),
    );

  if (want('health'))
    addOptions(program.command('health').description('worker and job counters of the endpoint'), 'health').action(
      action('health'),
    );

  if (want('config')) {
    program
      .command('config')
      .description('read and change settings: set|get|unset|list|path')
      .argument('<action>', 'set, get, unset, list or path')
      .argument('[key]', 'setting name, e.g. api-key, endpoint, base-url, temperature')
      .argument('[value]', 'new value (set api-key without one asks for it)');
    addOptions(program.commands.at(-1) as Command, 'config').action(action('config'));
  }

  if (want('emulate')) {
    // The emulator owns its options (table, defaults, validation); they are only declared here.
    const emulate = program.command('emulate').description('run a local emulator of a Runpod vLLM endpoint');
    for (const o of EMULATE_OPTIONS) {
      if (o.repeatable) emulate.option(o.flags, o.description, collect);
      else emulate.option(o.flags, o.description);
    }
    emulate.addHelpText('after', `${emulateHelpText()}${examplesFor('emulate')}`).action(action('emulate'));
  }

  if (want('sessions'))
    program
      .command('sessions')
      .description('saved conversations: list|show <name>|delete <name>|path')
      .argument('[action]', 'list (default), show, delete or path')
      .argument('[name]', 'session name')
      .option('--json', 'JSON output')
      .action(action('sessions'));

  if (want('completion'))
    program
      .command('completion')
      .description('print a shell completion script: bash|zsh|fish')
      .argument('[shell]', 'bash, zsh or fish')
      .addOption(new Option('--names <kind>', 'list profile or session names (used by the scripts)').hideHelp())
      .action(action('completion'));

  for (const cmd of program.commands) {
    const examples = examplesFor(cmd.name());
    if (examples !== '' && cmd.name() !== 'emulate') cmd.addHelpText('after', examples);
  }

  return program;
}
