// `rpv complete [prompt...]`: a prompt from arguments and/or stdin, streamed back.
import type { ParsedFlags } from '../../core/flags/values.js';
import { runGeneration } from '../generate.js';
import type { CliIo } from '../../core/io.js';
import { promptFrom } from '../prompt.js';

/** Runs `complete`; the flags were checked before anything is read or sent. */
export async function runComplete(args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  const prompt = await promptFrom(words, io, flags);
  return (await runGeneration({ prompt }, flags, io, 'complete')).code;
}
