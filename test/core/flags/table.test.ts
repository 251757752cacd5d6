// Adding a flag is one row: the example row of src/core/flags/table.ts's header comment, added
// to the table here, reaches Commander, validation, the config keys, the request and /set.
import { describe, expect, it, vi } from 'vitest';

const ROW = {
  name: 'length-penalty',
  arg: 'x',
  value: { kind: 'number', min: 0, max: 2 },
  help: 'beam search length penalty',
  group: 'sampling',
  profile: true,
  request: 'length_penalty',
  set: true,
  commands: ['complete', 'chat'],
} as const;

vi.mock('../../../src/core/flags/table.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/core/flags/table.js')>();
  return { ...real, FLAG_TABLE: [...real.FLAG_TABLE, ROW] };
});

const { buildProgram } = await import('../../../src/cli/program.js');
const { parseSamplingFlags, parseFlags } = await import('../../../src/core/flags/values.js');
const { validateParam } = await import('../../../src/core/flags/parse.js');
const { samplingParams } = await import('../../../src/core/request.js');
const { CONFIG_KEYS, parseConfigValue } = await import('../../../src/config/keys.js');
const { complete } = await import('../../../src/ui/chat/commands.js');
const { UsageError } = await import('../../../src/core/errors.js');
const { completionFor } = await import('../../../src/core/flags/index.js');

describe('one row declares a flag', () => {
  it('becomes a Commander option of the commands it names, with the range in its help', async () => {
    const program = buildProgram('0.0.0', async () => undefined);
    for (const name of ['complete', 'chat']) {
      const cmd = program.commands.find((c) => c.name() === name)!;
      const option = cmd.options.find((o) => o.long === '--length-penalty');
      expect(option?.flags).toBe('--length-penalty <x>');
      expect(option?.description).toBe('beam search length penalty (between 0 and 2)');
    }
    const status = program.commands.find((c) => c.name() === 'status')!;
    expect(status.options.some((o) => o.long === '--length-penalty')).toBe(false);
    let seen: Record<string, unknown> = {};
    const parsed = buildProgram('0.0.0', async (_name, _args, opts) => {
      seen = opts;
    });
    await parsed.parseAsync(['complete', '--length-penalty', '1.5', 'hi'], { from: 'user' });
    expect(parseFlags('complete', seen).sampling).toMatchObject({ lengthPenalty: 1.5 });
  });

  it('is validated with its range, as a flag and as a profile default', () => {
    expect(parseSamplingFlags({ lengthPenalty: '0.5' })).toMatchObject({ lengthPenalty: 0.5 });
    expect(() => parseSamplingFlags({ lengthPenalty: '3' })).toThrow(
      new UsageError('--length-penalty must be between 0 and 2 (got 3)'),
    );
    expect(() => parseSamplingFlags({}, { 'length-penalty': 9 })).toThrow(
      new UsageError('config key length-penalty must be between 0 and 2 (got 9)'),
    );
  });

  it('is a config key and a worker request field', () => {
    expect(CONFIG_KEYS).toContain('length-penalty');
    expect(parseConfigValue('length-penalty' as never, '1.25')).toBe(1.25);
    expect(() => parseConfigValue('length-penalty' as never, 'abc')).toThrow('length-penalty must be a number');
    expect(samplingParams(parseSamplingFlags({ lengthPenalty: '1' }))).toEqual({ max_tokens: 1024, length_penalty: 1 });
  });

  it('is settable with /set, checked the same way, and offered by Tab', () => {
    expect(validateParam('length_penalty', '1.1')).toEqual({ ok: true, name: 'length_penalty', value: 1.1 });
    expect(validateParam('length_penalty', '7')).toEqual({
      ok: false,
      error: 'length_penalty must be between 0 and 2 (got 7)',
    });
    expect(complete('/set length_', [])).toEqual({ text: '/set length_penalty ', candidates: [] });
  });

  it('is listed for a shell completion generator', () => {
    expect(completionFor('chat')).toContainEqual({
      flags: ['--length-penalty'],
      takesValue: true,
      help: 'beam search length penalty',
    });
    expect(completionFor('status').some((f) => f.flags.includes('--length-penalty'))).toBe(false);
  });
});
