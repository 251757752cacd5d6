// The Commander program: every command, flag and help text. Actions only load their command
// module when they run, so `--help` and light commands stay fast.
import { Command, Option } from 'commander';
import type { CliIo } from './io.js';

/** What every action receives: positional arguments, the merged options and the io. */
export type Action = (args: unknown[], opts: Record<string, unknown>, io: CliIo) => Promise<number>;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Flags shared by every command that calls an endpoint. */
export function addEndpointOptions(cmd: Command): Command {
  return cmd
    .option('-e, --endpoint <id>', 'endpoint ID (env RUNPOD_ENDPOINT_ID)')
    .option('-p, --profile <name>', 'config profile (env RPV_PROFILE)')
    .option('--base-url <url>', 'API base URL (env RUNPOD_ENDPOINT_BASE_URL)')
    .option('--timeout <duration>', 'deadline for the whole command, e.g. 30s, 5m')
    .option('--retries <n>', 'retries of transient failures per HTTP call', undefined)
    .option('--json', 'one JSON object on stdout')
    .option('-v, --verbose', 'diagnostics on stderr (never the key)')
    .option('-q, --quiet', 'no progress or warnings on stderr');
}

/** Sampling and job policy flags of `complete` and `chat`. */
export function addGenerationOptions(cmd: Command): Command {
  return cmd
    .option('--max-tokens <n>', 'maximum tokens to generate (default 1024)')
    .option('--temperature <t>', 'sampling temperature, 0..2')
    .option('--top-p <p>', 'nucleus sampling, (0, 1]')
    .option('--top-k <k>', 'top-k sampling, -1 or >= 1')
    .option('--min-p <p>', 'min-p sampling, 0..1')
    .option('--stop <text>', 'stop string (repeatable)', collect)
    .option('--repetition-penalty <x>', 'repetition penalty, (0, 2]')
    .option('--presence-penalty <x>', 'presence penalty, -2..2')
    .option('--frequency-penalty <x>', 'frequency penalty, -2..2')
    .option('--seed <n>', 'random seed')
    .option('-n <count>', 'number of completions')
    .option('--best-of <n>', 'candidates generated server-side')
    .option('--use-beam-search', 'beam search')
    .option('--param <key=json>', 'any other vLLM sampling field (repeatable)', collect)
    .option('--execution-timeout <duration>', 'job policy: maximum run time on the worker')
    .option('--ttl <duration>', 'job policy: time to live of the job')
    .option('--low-priority', 'job policy: low priority')
    .option('--webhook <url>', 'URL the service calls when the job ends')
    .addOption(new Option('--api <route>', 'native job API or the OpenAI-compatible route').choices(['native', 'openai']))
    .option('--model <name>', 'model for the OpenAI route (default: the first listed)')
    .option('--no-stream', 'one non-streaming job; print the text when done')
    .option('--jsonl', 'one JSON event per line as things happen')
    .option('--stats', 'a timing line on stderr at the end')
    .option('--raw', 'do not neutralise escape sequences in model output')
    .option('--no-markdown', 'terminal view: show Markdown as typed');
}

/** Builds the program; `run` is called with the command name when an action fires. */
export function buildProgram(version: string, run: (name: string, args: unknown[], opts: Record<string, unknown>) => Promise<void>): Command {
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
  id=$(rpv complete --detach "Long job") && rpv status "$id" --wait
  rpv emulate --port 0                  a local endpoint to try all of this on

Environment:
  RUNPOD_API_KEY, RUNPOD_ENDPOINT_ID, RUNPOD_ENDPOINT_BASE_URL, RPV_PROFILE,
  RPV_CONFIG_DIR, RPV_DATA_DIR, NO_COLOR, FORCE_COLOR

Exit codes: 0 ok, 1 internal, 2 usage, 3 config/auth, 4 not found, 5 job failed,
  6 timed out, 7 cancelled by someone else, 8 service unavailable, 130 interrupted`,
    );

  const action = (name: string) =>
    async function (this: Command, ...args: unknown[]) {
      // Commander passes positional args, then the options object, then the command.
      const positional = args.slice(0, -2);
      await run(name, positional, this.optsWithGlobals());
    };

  addGenerationOptions(
    addEndpointOptions(
      program
        .command('complete')
        .description('complete a prompt (arguments and/or stdin)')
        .argument('[prompt...]', 'prompt text; `-` reads stdin only')
        .option('--detach', 'submit, print the job ID and exit'),
    ),
  ).action(action('complete'));

  addGenerationOptions(
    addEndpointOptions(
      program
        .command('chat')
        .description('chat with the model: interactive in a terminal, one turn otherwise')
        .argument('[message...]', 'a message for one turn')
        .option('-s, --system <text>', 'system prompt')
        .option('--session <name>', 'load and append to a saved conversation')
        .option('-c, --continue', 'continue the most recent conversation'),
    ),
  ).action(action('chat'));

  addGenerationOptions(
    addEndpointOptions(
      program
        .command('batch')
        .description('run many requests (JSON lines) as jobs, crash-safe and resumable')
        .argument('[file]', 'JSON-lines input; `-` or none reads stdin')
        .option('-o, --output <file>', 'where result lines go (default stdout)')
        .option('--errors <file>', 'write failed lines there instead')
        .option('--ordered', 'write results in input order')
        .option('--concurrency <n|auto>', 'jobs in flight at once (default auto)')
        .option('--retry-failed', 'also resubmit the lines that failed'),
    ),
  ).action(action('batch'));

  addEndpointOptions(
    program
      .command('status')
      .description('show a job, or the recent jobs from the local journal')
      .argument('[job-id]', 'job ID')
      .option('--wait', 'wait until the job ends; exit with its code')
      .option('--follow', 'attach to the job stream and print what it still produces')
      .option('--raw', 'do not neutralise escape sequences in model output')
      .option('--limit <n>', 'how many recent jobs to list', '20'),
  ).action(action('status'));

  addEndpointOptions(
    program.command('cancel').description('cancel jobs').argument('<job-id...>', 'job IDs'),
  ).action(action('cancel'));

  addEndpointOptions(
    program
      .command('health')
      .description('worker and job counters of the endpoint')
      .option('--watch', 'refresh until interrupted')
      .option('--interval <duration>', 'refresh interval with --watch', '2s'),
  ).action(action('health'));

  program
    .command('config')
    .description('read and change settings: set|get|unset|list|path')
    .argument('<action>', 'set, get, unset, list or path')
    .argument('[key]', 'setting name, e.g. api-key, endpoint, base-url, temperature')
    .argument('[value]', 'new value (set api-key without one asks for it)')
    .option('-p, --profile <name>', 'profile to read or change')
    .option('--json', 'JSON output for list')
    .action(action('config'));

  program
    .command('emulate')
    .description('run a local emulator of a Runpod vLLM endpoint')
    .option('--port <n>', 'port; 0 picks a free one', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--worker <gen>', 'worker-vllm output generation').choices(['legacy', 'openai']).default('openai'))
    .option('--token-delay <duration>', 'delay between tokens, e.g. 20ms')
    .option('--cold-start <duration>', 'queue delay of a job that finds no warm worker, e.g. 3s')
    .option('--fault <spec>', 'inject a fault: name[@route][:count|:inf] (repeatable)', collect)
    .option('-q, --quiet', 'no per-request log lines on stderr')
    .action(action('emulate'));

  return program;
}
