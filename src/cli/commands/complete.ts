// `rpv complete [prompt...]`: a prompt from arguments and/or stdin, streamed back.
import { UsageError } from '../../core/errors.js';
import { joinPrompt } from '../../core/request.js';
import { readStdin } from '../context.js';
import { parseCommonFlags, parsePolicyFlags, parseSamplingFlags } from '../schemas.js';
import { generate } from '../generate.js';
import type { CliIo } from '../io.js';

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

/** Validates every flag before anything is read or sent. */
export function checkFlags(opts: Record<string, unknown>): void {
  parseCommonFlags(opts);
  parseSamplingFlags(opts);
  parsePolicyFlags(opts);
}

/** Runs `complete`. */
export async function runComplete(args: unknown[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  checkFlags(opts);
  const prompt = await promptFrom(words, io);
  return generate({ prompt }, opts, io, 'complete');
}
