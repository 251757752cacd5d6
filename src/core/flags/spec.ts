// The shape of one flag row and what is derived from a row without any heavy import: its
// Commander flag string, its label in errors, the range in words, its help line, the camelCase
// key of the parsed value. Zod schemas are built from the same specs in parse.ts, loaded only
// when flags are validated, so `--help` and plain config reads stay free of zod.

/** Commands that take flags from the table. */
export type CommandName =
  | 'complete'
  | 'chat'
  | 'status'
  | 'cancel'
  | 'health'
  | 'models'
  | 'config'
  | 'emulate'
  | 'log'
  | 'stats'
  | 'cache'
  | 'batch';

/** What values a flag accepts; each kind gives a zod schema, a range in words and a config kind. */
export type ValueSpec =
  | { kind: 'number'; min?: number; max?: number; aboveMin?: boolean }
  | { kind: 'int'; min?: number; max?: number; or?: { value: number; means: string }; atLeast?: string }
  | { kind: 'bool' }
  | { kind: 'text'; what?: string }
  | { kind: 'id' }
  | { kind: 'url' }
  | { kind: 'choice'; choices: readonly string[] }
  | { kind: 'duration'; min?: number; max?: number }
  | { kind: 'strings' }
  | { kind: 'params' }
  | { kind: 'string' };

/** Which part of a command's typed flags a row lands in. */
export type FlagGroup =
  | 'common'
  | 'route'
  | 'sampling'
  | 'policy'
  | 'output'
  | 'chat'
  | 'status'
  | 'health'
  | 'record'
  | 'jobref'
  | 'log'
  | 'batch';

/** One flag, declared once: everything else about it is derived from this row. */
export interface FlagRow {
  /** Long name, kebab-case (`top-p`); a one-letter name is a short-only flag (`-n`). */
  readonly name: string;
  readonly short?: string;
  /** Placeholder of the value (`<p>`); absent for a switch. */
  readonly arg?: string;
  readonly value: ValueSpec;
  /** What it does, in a few words; the range and default are appended from `value` and `default`. */
  readonly help: string;
  readonly default?: string | number | boolean;
  /** `--no-<name>`: on unless turned off. */
  readonly negate?: boolean;
  readonly repeat?: boolean;
  readonly group: FlagGroup;
  /** A profile may hold a default for it under `name` (`rpv config set <name> <value>`). */
  readonly profile?: boolean;
  /** The worker request field (vLLM `sampling_params` key) it fills. */
  readonly request?: string;
  /** Settable in the interactive chat as `/set <request> <value>` (and offered by Tab). */
  readonly set?: boolean;
  readonly commands: readonly CommandName[];
  /** Also accepted before the subcommand (`rpv -v -e abc complete hi`). */
  readonly global?: boolean;
}

const UNITS: readonly [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

function durationWords(ms: number): string {
  for (const [size, unit] of UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** The camelCase key of a parsed flag value, as Commander names it (`top-p` -> `topP`). */
export function keyOf(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** How the flag is written in messages: `--top-p`, `-n`, `--no-stream`. */
export function labelOf(row: Pick<FlagRow, 'name' | 'negate'>): string {
  if (row.name.length === 1) return `-${row.name}`;
  return row.negate ? `--no-${row.name}` : `--${row.name}`;
}

/** Commander's flag string: `-e, --endpoint <id>`, `-n <count>`, `--no-stream`. */
export function flagString(row: FlagRow): string {
  const short = row.short ? `-${row.short}, ` : '';
  return `${short}${labelOf(row)}${row.arg ? ` <${row.arg}>` : ''}`;
}

/** The accepted values in words, as errors say them: "between 0 and 2". */
export function expectedOf(spec: ValueSpec, context: { atLeast?: number } = {}): string {
  switch (spec.kind) {
    case 'number': {
      if (spec.aboveMin) return `greater than ${spec.min} and at most ${spec.max}`;
      return `between ${spec.min} and ${spec.max}`;
    }
    case 'int': {
      if (spec.atLeast !== undefined) return `an integer of at least ${spec.atLeast} (${context.atLeast ?? 1})`;
      if (spec.or) return `${spec.or.value} (${spec.or.means}) or an integer of at least ${spec.min}`;
      if (spec.min !== undefined && spec.max !== undefined) return `an integer between ${spec.min} and ${spec.max}`;
      return 'an integer';
    }
    case 'bool':
      return 'true or false';
    case 'text':
      return spec.what ?? 'a non-empty text';
    case 'id':
      return 'letters, digits, "_" and "-"';
    case 'url':
      return 'an http(s) URL';
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'duration':
      if (spec.min !== undefined && spec.max !== undefined) {
        return `between ${durationWords(spec.min)} and ${durationWords(spec.max)}`;
      }
      return spec.min !== undefined ? `at least ${durationWords(spec.min)}` : 'greater than 0';
    case 'strings':
      return 'a non-empty string';
    case 'params':
      return 'key=json';
    case 'string':
      return 'a text';
  }
}

/** The help line: what it does, the range when it has one, the default when there is one. */
export function helpOf(row: FlagRow): string {
  const k = row.value.kind;
  const range =
    k === 'number' ||
    (k === 'int' && (row.value.min !== undefined || row.value.or)) ||
    (k === 'duration' && row.value.min !== undefined);
  const parts = [row.help];
  if (range) parts.push(expectedOf(row.value));
  if (row.repeat) parts.push('repeatable');
  if (row.default !== undefined && !row.negate) parts.push(`default ${String(row.default)}`);
  return parts.length === 1 ? row.help : `${row.help} (${parts.slice(1).join('; ')})`;
}
