// The prompt or message of `complete` and one-shot `chat`, from arguments and/or stdin.
import { UsageError } from '../core/errors.js';
import { joinPrompt } from '../core/request.js';
import type { CliIo } from '../core/io.js';

/** Reads all of stdin as UTF-8 text. */
async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the prompt per the contract; never waits on a terminal's stdin. */
export async function promptFrom(args: string[], io: CliIo): Promise<string> {
  const wantsStdin = !io.stdinIsTTY;
  if (args.length === 1 && args[0] === '-' && io.stdinIsTTY) {
    throw new UsageError('`-` reads the prompt from stdin, but stdin is a terminal', {
      hint: 'pipe the prompt in: echo "..." | rpv complete -',
    });
  }
  const stdinText = wantsStdin ? await readStdin(io) : undefined;
  const prompt = joinPrompt(args, stdinText);
  if (prompt === undefined || prompt.trim() === '') {
    throw new UsageError('no prompt: give it as arguments or on stdin', {
      hint: 'example: rpv complete "Write a haiku about GPUs"',
    });
  }
  return prompt;
}
