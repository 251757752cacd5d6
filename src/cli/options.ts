// Commander options derived from the flag table: each command gets the rows that name it, the
// program itself the global ones (so `rpv -v -e abc complete hi` works).
import { Option, type Command } from 'commander';
import { flagString, globalRows, helpOf, rowsFor, type CommandName, type FlagRow } from '../core/flags/index.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The Commander option of one row. */
function optionOf(row: FlagRow): Option {
  // Defaults are applied when the flags are parsed, after profile values, so Commander gets none.
  const option = new Option(flagString(row), helpOf(row));
  if (row.value.kind === 'choice') option.choices(row.value.choices);
  if (row.repeat) option.argParser(collect);
  return option;
}

/** Adds every option `name` takes to `cmd`. */
export function addOptions(cmd: Command, name: CommandName): Command {
  for (const row of rowsFor(name)) cmd.addOption(optionOf(row));
  return cmd;
}

/** Adds the options accepted before the subcommand. */
export function addGlobalOptions(program: Command): Command {
  for (const row of globalRows()) program.addOption(optionOf(row));
  return program;
}
