// Lookups derived from the flag table, for everything that needs flags without zod: Commander
// options, profile keys, request fields, `/set` names, and whatever generates shell completion.
import { FLAG_TABLE } from './table.js';
import { keyOf, type CommandName, type FlagGroup, type FlagRow } from './spec.js';

export { flagString, helpOf, labelOf, type CommandName, type FlagRow } from './spec.js';

type Row = (typeof FLAG_TABLE)[number];
type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type ValueOf<S> = S extends { kind: 'bool' }
  ? boolean
  : S extends { kind: 'strings' }
    ? string[]
    : S extends { kind: 'params' }
      ? Record<string, unknown>
      : S extends { kind: 'choice'; choices: readonly (infer C)[] }
        ? C
        : S extends { kind: 'text' | 'url' | 'id' | 'string' }
          ? string
          : number;
type RowsOf<G extends FlagGroup> = Extract<Row, { group: G }>;

/** The parsed values of one group of flags, keyed as Commander keys them (`topP`); a row with a default is always set. */
export type GroupValues<G extends FlagGroup> = {
  -readonly [R in Exclude<RowsOf<G>, { default: unknown }> as Camel<R['name']>]?: ValueOf<R['value']>;
} & { -readonly [R in Extract<RowsOf<G>, { default: unknown }> as Camel<R['name']>]: ValueOf<R['value']> };

type ProfileRow = Extract<Row, { profile: true }>;
type StoredOf<S> = S extends { kind: 'strings' }
  ? string | string[]
  : S extends { kind: 'choice'; choices: readonly (infer C)[] }
    ? C
    : S extends { kind: 'number' | 'int' }
      ? number
      : string;

/** Profile keys backed by a flag row (the config also holds api-key and default-profile). */
export type FlagProfileKey = ProfileRow['name'];

/** The flag-backed part of a profile as config.json stores it. */
export type FlagProfileSettings = { [R in ProfileRow as R['name']]?: StoredOf<R['value']> };

const ROWS: readonly FlagRow[] = FLAG_TABLE;

/** The rows a command takes, in help order. */
export function rowsFor(command: CommandName): FlagRow[] {
  return ROWS.filter((r) => r.commands.includes(command));
}

/** The rows accepted before the subcommand too. */
export function globalRows(): FlagRow[] {
  const seen = new Set<string>();
  return ROWS.filter((r) => r.global === true && !seen.has(r.name) && seen.add(r.name) !== undefined);
}

/** The rows of one group (first occurrence of each name). */
export function groupRows(group: FlagGroup): FlagRow[] {
  return ROWS.filter((r) => r.group === group);
}

/** Rows a profile may hold a default for, in display order. */
function profileRows(): FlagRow[] {
  return ROWS.filter((r) => r.profile === true);
}

/** The flag-backed profile keys, in display order. */
export const FLAG_PROFILE_KEYS = profileRows().map((r) => r.name) as FlagProfileKey[];

/** The profile row named `name`, if a flag backs that key. */
export function profileRow(name: string): FlagRow | undefined {
  return ROWS.find((r) => r.profile === true && r.name === name);
}

/** [parsed key, worker request field] for every sampling row that is sent. */
export const REQUEST_FIELDS: readonly (readonly [string, string])[] = ROWS.filter((r) => r.request !== undefined).map(
  (r) => [keyOf(r.name), r.request as string] as const,
);

/** The rows settable with `/set`, by their `/set` name (the request field). */
export function setRow(name: string): FlagRow | undefined {
  return ROWS.find((r) => r.set === true && r.request === name);
}

/** `/set` names, for Tab completion, in table order. */
export const SET_NAMES: readonly string[] = ROWS.filter((r) => r.set === true).map((r) => r.request as string);

/** What a shell completion generator needs for one command: every flag string with its help and choices. */
export function completionFor(
  command: CommandName,
): { flags: string[]; takesValue: boolean; choices?: readonly string[]; help: string }[] {
  return rowsFor(command).map((r) => ({
    flags: [
      r.short ? `-${r.short}` : undefined,
      r.name.length === 1 ? `-${r.name}` : r.negate ? `--no-${r.name}` : `--${r.name}`,
    ].filter((f): f is string => f !== undefined),
    takesValue: r.arg !== undefined,
    ...(r.value.kind === 'choice' ? { choices: r.value.choices } : {}),
    help: r.help,
  }));
}
