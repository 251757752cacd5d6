// `rpv models`: the models the endpoint's OpenAI route serves, one per line (`--json`: the
// list object as the service returned it), so `--model` can be picked without guessing.
import { ExitCode } from '../../core/errors.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { neutralize } from '../../core/sanitize.js';
import { commandContext } from '../context.js';
import type { CliIo } from '../../core/io.js';

/** Runs `models`. */
export async function runModels(_args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const ctx = commandContext(flags, io);
  const list = await ctx.client.openaiModels({ deadline: ctx.deadline });
  const clean = (text: string): string => ctx.client.redact?.(text) ?? text;
  if (flags.common.json) {
    io.stdout.write(clean(`${JSON.stringify(list)}\n`));
    return ExitCode.ok;
  }
  if (list.data.length === 0) {
    if (!flags.common.quiet) io.stderr.write('rpv: the endpoint lists no models\n');
    return ExitCode.ok;
  }
  io.stdout.write(list.data.map((m) => `${clean(neutralize(m.id))}\n`).join(''));
  return ExitCode.ok;
}
