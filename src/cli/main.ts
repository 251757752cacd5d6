// The process boundary: signals, a closed stdout, Commander's usage errors and our typed
// errors all become one line on stderr and an exit code here, and nowhere else.
import { CommanderError } from 'commander';
import type { RpvError } from '../core/errors.js';
import { ExitCode, toRpvError } from '../core/errors.js';
import { rpvVersion } from '../core/version.js';
import { formatError } from '../output/outcome.js';
import { processIo, type CliIo } from '../core/io.js';
import { buildProgram, invokedCommand } from './program.js';
import { dispatch } from './dispatch.js';

/** Turns SIGINT/SIGTERM and EPIPE on stdout into an abort (a second signal exits at once); a closed stderr is ignored. */
function watchProcess(controller: AbortController): void {
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals > 1) process.exit(ExitCode.interrupted);
    controller.abort('interrupted');
    // Commands with nothing to cancel still end promptly.
    setTimeout(() => process.exit(ExitCode.interrupted), 5000).unref();
  };
  // The launcher's start-up handlers (src/bin.ts) give way to these.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      controller.abort('pipe-closed');
      return;
    }
    process.stderr.write(`rpv: cannot write output: ${err.message}\n`);
    process.exitCode = ExitCode.internal;
  });
  // Nobody reads the diagnostics any more (`2>&1 >file | head`): drop them, keep the product going.
  process.stderr.on('error', () => undefined);
}

function commanderMessage(err: CommanderError): string {
  return err.message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** The subcommand a usage error belongs to (the first word naming one), for the help hint. */
function subcommandOf(argv: readonly string[], names: readonly string[]): string | undefined {
  return argv.find((a) => names.includes(a) && a !== 'help');
}

/** What `--version` prints: rpv's version and the Node.js running it (bug reports need both). */
function versionLine(version: string): string {
  return `${version} (node ${process.version}, ${process.platform}-${process.arch})`;
}

/** Runs the CLI with `argv` (without node and script); sets process.exitCode. */
export async function main(argv: string[], version: () => string = rpvVersion): Promise<void> {
  const controller = new AbortController();
  watchProcess(controller);
  const io: CliIo = processIo(controller.signal);
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  let code: number = ExitCode.ok;

  // A command line that names its subcommand gets a program of that one command only.
  const program = buildProgram(
    versionLine(version()),
    async (name, args, opts) => {
      code = await dispatch(name, args, opts, io);
    },
    invokedCommand(argv),
  );
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    outputError: () => undefined,
  });
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === ExitCode.ok || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
        code = ExitCode.ok;
      } else if (err.code === 'commander.help' || err.code === 'commander.executeSubCommandAsync') {
        code = ExitCode.usage;
      } else {
        const sub = subcommandOf(
          argv,
          program.commands.map((c) => c.name()),
        );
        io.stderr.write(
          `rpv: ${commanderMessage(err)}\n  run \`rpv ${sub === undefined ? '' : `${sub} `}--help\` for usage\n`,
        );
        code = ExitCode.usage;
      }
    } else {
      const e: RpvError = toRpvError(err);
      io.stderr.write(formatError(e));
      if (verbose && e.exitCode === ExitCode.internal && err instanceof Error && err.stack) {
        io.stderr.write(`${err.stack}\n`);
      }
      code = e.exitCode;
    }
  }
  process.exitCode = code;
}
