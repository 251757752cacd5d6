// The flags and commands of the local record, declared here so program.ts only calls in:
// `--cache`/`--no-cache`/`--cache-ttl`/`--no-log` on generation commands, `--last` on job
// commands, and the `log`, `stats` and `cache` commands.
import type { Command } from 'commander';

type ActionFor = (name: string) => (this: Command, ...args: unknown[]) => Promise<void>;

/** Cache and logging flags of `complete` and `chat`. */
export function addRecordOptions(cmd: Command): Command {
  return cmd
    .option('--cache', 'answer a deterministic request (temperature 0 or a seed) from the local cache')
    .option('--no-cache', 'never answer from the cache (overrides the config key cache)')
    .option('--cache-ttl <duration>', 'how long a cached answer stays valid (default 7d)')
    .option('--no-log', 'record only what status and cancel need (no timings, no text)');
}

/** `--last` for commands that take a job ID. */
export function addLastOption(cmd: Command): Command {
  return cmd.option('--last', 'the newest job in the local record');
}

/** Registers `log`, `stats` and `cache`. */
export function addRecordCommands(program: Command, action: ActionFor): void {
  program
    .command('log')
    .description('recorded jobs with their timings (rpv log <job-id>: one in full; rpv log path)')
    .argument('[job-id]', 'a job ID, a unique prefix of 6+ characters, or "path"')
    .option('-n <count>', 'how many jobs', '20')
    .option('-e, --endpoint <id>', 'only this endpoint')
    .option('--since <duration>', 'only jobs newer than this, e.g. 1h, 7d')
    .option('--search <text>', 'only jobs whose prompt, reply or error contains this')
    .option('--json', 'JSON for scripts')
    .action(action('log'));

  program
    .command('stats')
    .description('per endpoint: jobs, cold starts, p50/p95/max of queue, first token, execution, total')
    .option('-e, --endpoint <id>', 'only this endpoint')
    .option('--since <duration>', 'jobs newer than this', '7d')
    .option('--json', 'JSON for scripts')
    .action(action('stats'));

  program
    .command('cache')
    .description('the local answer cache: stats|clear')
    .argument('<action>', 'stats or clear')
    .option('--json', 'JSON for scripts')
    .action(action('cache'));
}
