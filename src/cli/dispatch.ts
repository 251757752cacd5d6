// Maps a command name to its module, loaded only when that command runs. The flags are parsed
// here, once, into the typed object the command reads; no command sees Commander's options.
import type { ParsedFlags } from '../core/flags/values.js';
import type { CliIo } from '../core/io.js';

type Runner = (args: unknown[], flags: ParsedFlags, io: CliIo) => Promise<number>;

const loaders: Record<string, () => Promise<Runner>> = {
  complete: async () => (await import('./commands/complete.js')).runComplete,
  chat: async () => (await import('./commands/chat.js')).runChat,
  status: async () => (await import('./commands/status.js')).runStatus,
  batch: async () => (await import('./commands/batch.js')).runBatch,
  cancel: async () => (await import('./commands/cancel.js')).runCancel,
  health: async () => (await import('./commands/health.js')).runHealth,
  log: async () => (await import('./commands/log.js')).runLog,
  stats: async () => (await import('./commands/stats.js')).runStats,
  cache: async () => (await import('./commands/cache.js')).runCache,
  models: async () => (await import('./commands/models.js')).runModels,
  config: async () => {
    const { runConfigCommand } = await import('./commands/config.js');
    return (args, flags, io) =>
      runConfigCommand(
        args[0] as string,
        args[1] as string | undefined,
        args[2] as string | undefined,
        { profile: flags.values.profile, json: flags.common.json },
        io,
      );
  },
};

/** Runs command `name`; returns its exit code. Errors propagate to main. */
export async function dispatch(
  name: string,
  args: unknown[],
  opts: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  if (name === 'emulate') {
    // The emulator stands alone and parses its own options.
    const { runEmulateCommand } = await import('../emulator/cli.js');
    return runEmulateCommand(opts, io, io.signal);
  }
  if (name === 'sessions') {
    const { runSessions } = await import('./commands/sessions.js');
    return runSessions(args[0] as string | undefined, args[1] as string | undefined, opts, io);
  }
  if (name === 'completion') {
    const { runCompletion } = await import('./commands/completion.js');
    return runCompletion(args[0] as string | undefined, opts as { names?: string }, io);
  }
  const load = loaders[name];
  if (!load) throw new Error(`unknown command ${name}`);
  const [{ parseFlags }, run] = await Promise.all([import('../core/flags/values.js'), load()]);
  return run(args, parseFlags(name as Parameters<typeof parseFlags>[0], opts), io);
}
