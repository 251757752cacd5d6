// The prompt or message of `complete` and one-shot `chat`, from arguments and/or stdin.
import { BoundedReadError, formatBytes, readBounded } from '../core/bounded-read.js';
import { InterruptedError, TimeoutError, UsageError } from '../core/errors.js';
import type { ParsedFlags } from '../core/flags/values.js';
import { joinPrompt } from '../core/request.js';
import type { CliIo } from '../core/io.js';

/** Most bytes of stdin rpv reads as a prompt. */
const STDIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** Reads all of stdin as UTF-8 text: at most 16 MiB, within --timeout, and Ctrl-C stops it. */
async function readStdin(io: CliIo, timeoutMs?: number): Promise<string> {
  try {
    const bytes = await readBounded(io.stdin as AsyncIterable<unknown>, {
      limitBytes: STDIN_LIMIT_BYTES,
      timeoutMs,
      signal: io.signal,
    });
    return bytes.toString('utf8');
  } catch (err) {
    if (!(err instanceof BoundedReadError)) throw err;
    // A pipe nobody writes to would keep the process alive: let go of it.
    (io.stdin as { destroy?: () => void }).destroy?.();
    if (err.stop === 'limit') {
      throw new UsageError(
        `stdin is larger than ${formatBytes(STDIN_LIMIT_BYTES)} (rpv's limit for a prompt); nothing was sent`,
        {
          hint: 'pass --no-stdin (or </dev/null) when stdin is not the prompt, e.g. in a `while read` loop',
        },
      );
    }
    if (err.stop === 'timeout') throw new TimeoutError('--timeout passed while waiting for stdin; nothing was sent');
    throw new InterruptedError('interrupted while waiting for stdin; nothing was sent');
  }
}

/** Reads the prompt per the contract; never waits on a terminal's stdin. */
export async function promptFrom(args: string[], io: CliIo, flags?: ParsedFlags): Promise<string> {
  // --no-stdin: the arguments are the whole prompt (a `while read` loop's stdin is the loop's file).
  const wantsStdin = !io.stdinIsTTY && flags?.values.stdin !== false;
  if (args.length === 1 && args[0] === '-' && io.stdinIsTTY) {
    throw new UsageError('`-` reads the prompt from stdin, but stdin is a terminal', {
      hint: 'pipe the prompt in: echo "..." | rpv complete -',
    });
  }
  const stdinText = wantsStdin ? await readStdin(io, flags?.common.timeoutMs) : undefined;
  const prompt = joinPrompt(args, stdinText);
  if (prompt === undefined || prompt.trim() === '') {
    throw new UsageError('no prompt: give it as arguments or on stdin', {
      hint: 'example: rpv complete "Write a haiku about GPUs"',
    });
  }
  return prompt;
}
