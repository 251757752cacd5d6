// A command line that names its subcommand gets a program of that command only (the others'
// options and help texts are never built); help, a typo or no command get the whole program.
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_NAMES, invokedCommand } from '../../../src/cli/program.js';

describe('invokedCommand', () => {
  it.each([
    [['log', '-n', '20'], 'log'],
    [['-v', '-e', 'abc', 'complete', 'hi'], 'complete'],
    [['--endpoint', 'log', 'status'], 'status'],
    [['-p', 'work', '--timeout', '30s', 'batch', 'in.jsonl'], 'batch'],
    [['--json', 'health'], 'health'],
    [['complete', '--help'], 'complete'],
    [['help', 'complete'], undefined],
    [['--help'], undefined],
    [['complte', 'hi'], undefined],
    [[], undefined],
    [['--', 'complete'], undefined],
  ] as [string[], string | undefined][])('%j runs %s', (argv, want) => {
    expect(invokedCommand(argv)).toBe(want);
  });
});

describe('buildProgram with one command', () => {
  it('declares that command only, with the same options as the whole program has', () => {
    const whole = buildProgram('0.0.0', async () => undefined);
    expect(whole.commands.map((c) => c.name())).toEqual([...COMMAND_NAMES]);
    for (const name of COMMAND_NAMES) {
      const one = buildProgram('0.0.0', async () => undefined, name);
      expect(one.commands.map((c) => c.name())).toEqual([name]);
      const flags = (p: typeof whole) =>
        p.commands.find((c) => c.name() === name)!.options.map((o) => `${o.flags} ${o.description}`);
      expect(flags(one)).toEqual(flags(whole));
      expect(one.options.map((o) => o.flags)).toEqual(whole.options.map((o) => o.flags));
    }
  });

  it('runs the command with the same parsed options', async () => {
    let seen: Record<string, unknown> = {};
    const one = buildProgram('0.0.0', async (_n, _a, opts) => void (seen = opts), 'complete');
    await one.parseAsync(['-e', 'abc', 'complete', '--temperature', '0.5', 'hi'], { from: 'user' });
    expect(seen).toMatchObject({ endpoint: 'abc', temperature: '0.5' });
  });
});
