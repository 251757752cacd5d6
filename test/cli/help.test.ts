// `rpv help <command>`, examples in every subcommand's help, and usage errors that point at
// the help of the subcommand they belong to.
import { describe, expect, test } from 'vitest';
import { makeHome, runRpv } from '../helpers/cli.js';

describe('help', () => {
  test('`rpv help complete` prints the subcommand help with its flags and examples', async () => {
    const r = await runRpv(['help', 'complete']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: rpv complete');
    expect(r.stdout).toContain('--max-tokens <n>');
    expect(r.stdout).toMatch(/Examples:\n {2}rpv complete "/);
  });

  test('every subcommand help ends with examples', async () => {
    for (const cmd of [
      'complete',
      'chat',
      'status',
      'cancel',
      'health',
      'config',
      'sessions',
      'completion',
      'emulate',
    ]) {
      const r = await runRpv([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(new RegExp(`Examples:\\n(  .*\\n)*  (rpv ${cmd}|source <\\(rpv ${cmd}|id=)`));
    }
  });

  test('a usage error in a subcommand points at that subcommand help', async () => {
    const home = makeHome();
    try {
      const r = await runRpv(['-e', 'abc', 'complete', '--max-tokenz', '3', 'hi'], { env: home.env });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "rpv: unknown option '--max-tokenz' (Did you mean --max-tokens?)\n  run `rpv complete --help` for usage\n",
      );
      const u = await runRpv(['frobnicate'], { env: home.env });
      expect(u.code).toBe(2);
      expect(u.stderr).toMatch(/^rpv: unknown command 'frobnicate'\n {2}run `rpv --help` for usage\n$/);
    } finally {
      home.dispose();
    }
  });
});
