// Maps a command name to its module, loaded only when that command runs.
import type { CliIo } from './io.js';

type Runner = (args: unknown[], opts: Record<string, unknown>, io: CliIo) => Promise<number>;

const loaders: Record<string, () => Promise<Runner>> = {
  complete: async () => (await import('./commands/complete.js')).runComplete,
  chat: async () => (await import('./commands/chat.js')).runChat,
  status: async () => (await import('./commands/status.js')).runStatus,
  batch: async () => (await import('./commands/batch.js')).runBatch,
  cancel: async () => (await import('./commands/cancel.js')).runCancel,
  health: async () => (await import('./commands/health.js')).runHealth,
  config: async () => {
    const { runConfigCommand } = await import('./commands/config.js');
    return (args, opts, io) =>
      runConfigCommand(args[0] as string, args[1] as string | undefined, args[2] as string | undefined, opts, io);
  },
  emulate: async () => {
    const { runEmulateCommand } = await import('../emulator/cli.js');
    return (_args, opts, io) => runEmulateCommand(opts, io, io.signal);
  },
};

/** Runs command `name`; returns its exit code. Errors propagate to main. */
export async function dispatch(name: string, args: unknown[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const load = loaders[name];
  if (!load) throw new Error(`unknown command ${name}`);
  const run = await load();
  return run(args, opts, io);
}
