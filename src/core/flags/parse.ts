// Validates flag values (Commander's strings) and profile defaults once, at the boundary, with
// zod schemas built from the flag table's value specs. Every failure is a UsageError (exit 2)
// naming the flag or config key and the accepted range; a ZodError never escapes.
import * as z from 'zod/mini';
import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from '../json-depth.js';
import { groupRows, SET_NAMES, setRow, type GroupValues } from './index.js';
import { closestName, OTHER_VLLM_FIELDS } from './vllm-fields.js';
import { expectedOf, keyOf, labelOf, type FlagGroup, type FlagRow, type ValueSpec } from './spec.js';

type Raw = Record<string, unknown>;
interface Found {
  value: unknown;
  label: string;
}

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const PARAM_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const numeric = z.pipe(
  z.union([z.number(), z.pipe(z.string().check(z.trim(), z.regex(NUMERIC)), z.transform(Number))]),
  z.number(),
);
const integer = z.pipe(numeric, z.int());
const bool = z.union([
  z.boolean(),
  z.pipe(
    z.enum(['true', 'false', '1', '0', 'yes', 'no']),
    z.transform((s) => s === 'true' || s === '1' || s === 'yes'),
  ),
]);

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return value.trim();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return 'an unprintable value';
  }
}

function check<T>(schema: z.ZodMiniType<T>, found: Found, expected: string): T {
  const result = z.safeParse(schema, found.value);
  if (result.success) return result.data;
  throw new UsageError(`${found.label} must be ${expected} (got ${show(found.value)})`);
}

/** The zod schema of a scalar value spec (strings, params and durations are handled apart). */
function schemaOf(spec: ValueSpec, atLeast: number): z.ZodMiniType<unknown> {
  switch (spec.kind) {
    case 'number': {
      const max = z.lte(spec.max ?? Number.POSITIVE_INFINITY);
      const min = spec.aboveMin ? z.gt(spec.min ?? 0) : z.gte(spec.min ?? Number.NEGATIVE_INFINITY);
      return z.pipe(numeric, z.number().check(min, max));
    }
    case 'int': {
      if (spec.atLeast !== undefined) return z.pipe(integer, z.number().check(z.gte(atLeast)));
      const range = z
        .number()
        .check(z.gte(spec.min ?? Number.MIN_SAFE_INTEGER), z.lte(spec.max ?? Number.MAX_SAFE_INTEGER));
      const or = spec.or;
      return or
        ? integer.check(z.refine((k) => k === or.value || z.safeParse(range, k).success))
        : z.pipe(integer, range);
    }
    case 'bool':
      return bool;
    case 'text':
      return z.string().check(z.trim(), z.minLength(1));
    case 'url':
      return z.url({ protocol: /^https?$/ });
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]]);
    default:
      return z.unknown();
  }
}

function strings(found: Found): string[] {
  const list = Array.isArray(found.value) ? found.value : [found.value];
  return list.map((item) => check(z.string().check(z.minLength(1)), { ...found, value: item }, 'a non-empty string'));
}

function parseParams(found: Found, into: Record<string, unknown>): void {
  for (const item of strings(found)) {
    const eq = item.indexOf('=');
    if (eq === -1) throw new UsageError(`${found.label} must be key=json, e.g. ignore_eos=true (got ${show(item)})`);
    const key = item.slice(0, eq).trim();
    if (!PARAM_KEY.test(key))
      throw new UsageError(`${found.label} key must match [A-Za-z_][A-Za-z0-9_]* (got ${show(key)})`);
    const text = item.slice(eq + 1);
    const depth = jsonDepth(text);
    if (depth > MAX_JSON_DEPTH) {
      throw new UsageError(
        `${found.label} ${key} is nested ${depth} levels deep (at most ${MAX_JSON_DEPTH}); nothing was sent`,
      );
    }
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the value is the text itself
    }
    Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function duration(spec: Extract<ValueSpec, { kind: 'duration' }>, found: Found): number {
  const ms =
    typeof found.value === 'number'
      ? check(numeric, found, 'a duration like 30s, 5m, 250ms') * 1000
      : parseDuration(String(found.value), found.label);
  const min = spec.min ?? 1;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  if (ms < min || ms > max)
    throw new UsageError(`${found.label} must be ${expectedOf(spec)} (got ${show(found.value)})`);
  return Math.round(ms);
}

/** One value checked against its row; `atLeast` is the floor of a row that depends on another (best-of >= n). */
function parseValue(row: FlagRow, found: Found, atLeast = 1): unknown {
  const spec = row.value;
  if (spec.kind === 'strings') return strings(found);
  if (spec.kind === 'duration') return duration(spec, found);
  if (spec.kind === 'string' || spec.kind === 'id') return found.value;
  if (spec.kind === 'params') {
    const out: Record<string, unknown> = {};
    parseParams(found, out);
    return out;
  }
  return check(schemaOf(spec, atLeast), found, expectedOf(spec, { atLeast }));
}

/** Where a row's value comes from: the flag, else the profile default, else the table default. */
function find(row: FlagRow, raw: Raw, defaults: Raw | undefined): Found | undefined {
  const fromFlag = raw[keyOf(row.name)] ?? raw[row.name];
  if (fromFlag !== undefined) return { value: fromFlag, label: labelOf(row) };
  if (row.profile && defaults) {
    const stored = defaults[row.name] ?? defaults[keyOf(row.name)];
    if (stored !== undefined && stored !== null) return { value: stored, label: `config key ${row.name}` };
  }
  return undefined;
}

/**
 * The values of one group: flags over profile defaults over the table's defaults, each checked
 * with its row, named by its camelCase key. `defaults` holds profile values by config key.
 */
export function parseGroup<G extends FlagGroup>(group: G, raw: Raw, defaults?: Raw): GroupValues<G> {
  const out: Record<string, unknown> = {};
  const rows = groupRows(group);
  const later: [FlagRow, Found][] = [];
  for (const row of rows) {
    const key = keyOf(row.name);
    const found = find(row, raw, defaults);
    if (row.value.kind === 'int' && row.value.atLeast !== undefined && found) later.push([row, found]);
    else if (row.value.kind === 'params') {
      // Profile params and flag params merge (the flag's keys win).
      const merged: Record<string, unknown> = {};
      const stored = defaults?.[row.name];
      if (stored !== undefined && stored !== null)
        parseParams({ value: stored, label: `config key ${row.name}` }, merged);
      const flag = raw[key];
      if (flag !== undefined) parseParams({ value: flag, label: labelOf(row) }, merged);
      if (Object.keys(merged).length > 0) out[key] = merged;
    } else if (found) out[key] = parseValue(row, found);
    else if (row.default !== undefined && row.value.kind !== 'duration') out[key] = row.default;
    else if (row.default !== undefined) out[key] = parseValue(row, { value: row.default, label: labelOf(row) });
  }
  for (const [row, found] of later) {
    const other = out[keyOf((row.value as { atLeast: string }).atLeast)];
    out[keyOf(row.name)] = parseValue(row, found, typeof other === 'number' ? other : 1);
  }
  return out as GroupValues<G>;
}

/** The answer to `/set <name> <value>`: the value under its vLLM name, or why it is refused. */
export type ParamCheck = { ok: true; name: string; value: unknown } | { ok: false; error: string };

/**
 * Checks `/set <name> <value>` in the chat with the same rules as the flag, naming the parameter
 * as typed (`top_p must be ...`). A name no row knows passes through, its value parsed as JSON.
 */
export function validateParam(name: string, text: string): ParamCheck {
  const key = name.replace(/-/g, '_');
  const row = setRow(key);
  if (!row && !OTHER_VLLM_FIELDS.includes(key)) {
    const near = closestName(key, [...SET_NAMES, ...OTHER_VLLM_FIELDS]);
    return { ok: false, error: `unknown parameter "${name}"${near ? `: did you mean ${near}?` : ''} (Tab lists them)` };
  }
  if (!row) {
    try {
      return { ok: true, name: key, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: true, name: key, value: text };
    }
  }
  try {
    const value = parseValue(row, { value: row.value.kind === 'strings' ? [text] : text, label: name });
    return { ok: true, name: key, value };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Where a sampling field's value comes from: a flag typed now, the profile, or the table default. */
export type SamplingSource = 'flag' | 'profile' | 'default';

/**
 * The source of every sampling field that is sent, by its vLLM name (`max_tokens`), with the
 * precedence parseGroup applies: flag > profile > table default; `--param` keys are flags.
 */
export function samplingSources(raw: Raw, defaults?: Raw): Record<string, SamplingSource> {
  const out: Record<string, SamplingSource> = {};
  for (const row of groupRows('sampling')) {
    if (row.value.kind === 'params') {
      const stored = defaults?.[row.name];
      const fromProfile: Record<string, unknown> = {};
      if (stored !== undefined && stored !== null)
        parseParams({ value: stored, label: `config key ${row.name}` }, fromProfile);
      for (const key of Object.keys(fromProfile)) out[key] = 'profile';
      const flag = raw[keyOf(row.name)];
      const fromFlag: Record<string, unknown> = {};
      if (flag !== undefined) parseParams({ value: flag, label: labelOf(row) }, fromFlag);
      for (const key of Object.keys(fromFlag)) out[key] = 'flag';
      continue;
    }
    if (row.request === undefined) continue;
    const found = find(row, raw, defaults);
    if (found) out[row.request] = found.label === labelOf(row) ? 'flag' : 'profile';
    else if (row.default !== undefined) out[row.request] = 'default';
  }
  return out;
}
