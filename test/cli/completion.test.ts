// `rpv completion bash|zsh|fish`: the scripts parse in their shell, and driving bash's (and
// fish's) completion offers what the flag table declares, plus profile and session names.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, makeHome, runRpv } from '../helpers/cli.js';

const home = makeHome();
const work = mkdtempSync(join(tmpdir(), 'rpv-completion-'));
const scripts: Record<string, string> = {};
const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
// An `rpv` on PATH, as an installed one would be, for the scripts' name lookups.
const binDir = join(work, 'bin');
const env: NodeJS.ProcessEnv = { ...process.env, ...home.env, PATH: `${binDir}:${process.env.PATH ?? ''}` };

beforeAll(async () => {
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'rpv'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(binDir, 'rpv'), 0o755);
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runRpv(['completion', shell], { env: home.env });
    expect(r.code).toBe(0);
    scripts[shell] = join(work, `rpv.${shell}`);
    writeFileSync(join(work, `rpv.${shell}`), r.stdout);
  }
  expect((await runRpv(['config', 'set', '--profile', 'work', 'endpoint', 'abc123'], { env: home.env })).code).toBe(0);
  mkdirSync(join(home.dir, 'data', 'sessions'), { recursive: true });
  const now = new Date().toISOString();
  writeFileSync(
    join(home.dir, 'data', 'sessions', 'notes-1.json'),
    JSON.stringify({ name: 'notes-1', messages: [], createdAt: now, updatedAt: now }),
  );
}, 30_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  home.dispose();
});

/** What bash's completion function offers for the words typed so far (last one being completed). */
function bashComplete(words: string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `source '${scripts.bash}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _rpv; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    {
      env,
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('rpv completion', () => {
  test('the bash script parses (bash -n)', () => {
    const r = spawnSync('bash', ['-n', scripts.bash!], { encoding: 'utf8', timeout: 10_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('bash: `rpv complete --max` offers --max-tokens', () => {
    expect(bashComplete(['rpv', 'complete', '--max'])).toEqual(['--max-tokens']);
  });

  test('bash: subcommands, choices, flags after a global value flag, profile and session names', () => {
    expect(bashComplete(['rpv', 'c'])).toEqual(
      expect.arrayContaining(['complete', 'chat', 'cancel', 'config', 'completion']),
    );
    expect(bashComplete(['rpv', '-e', 'abc', 'complete', '--api', ''])).toEqual(['native', 'openai']);
    expect(bashComplete(['rpv', '-e', 'abc', 'status', '--w'])).toEqual(['--wait']);
    expect(bashComplete(['rpv', 'complete', '-p', ''])).toEqual(['default', 'work']);
    expect(bashComplete(['rpv', 'chat', '--session', ''])).toEqual(['notes-1']);
    expect(bashComplete(['rpv', 'sessions', 'show', ''])).toEqual(['notes-1']);
    expect(bashComplete(['rpv', 'config', ''])).toEqual(['set', 'get', 'unset', 'list', 'path']);
    expect(bashComplete(['rpv', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // chat-only flags are not offered to complete
    expect(bashComplete(['rpv', 'complete', '--sess'])).toEqual([]);
  });

  // .ci/run installs zsh and fish; without them the script text is still checked.
  test('the zsh script parses (zsh -n), or holds every flag and the compdef line', () => {
    const text = readFileSync(scripts.zsh!, 'utf8');
    expect(text).toContain('#compdef rpv');
    expect(text).toContain("'--max-tokens:maximum tokens to generate");
    expect(text).toContain('compdef _rpv rpv');
    if (has('zsh')) {
      const r = spawnSync('zsh', ['-n', scripts.zsh!], { encoding: 'utf8', timeout: 10_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });

  test('the fish script parses (fish -n) and completes --max-tokens, or holds the complete lines', () => {
    const text = readFileSync(scripts.fish!, 'utf8');
    expect(text).toContain("complete -c rpv -n '__fish_seen_subcommand_from complete' -l max-tokens -x");
    if (has('fish')) {
      const n = spawnSync('fish', ['-n', scripts.fish!], { encoding: 'utf8', timeout: 10_000 });
      expect(n.stderr).toBe('');
      expect(n.status).toBe(0);
      const r = spawnSync(
        'fish',
        [
          '--no-config',
          '-c',
          `source '${scripts.fish}'; complete -C 'rpv complete --max'; complete -C 'rpv complete -p '`,
        ],
        {
          env,
          encoding: 'utf8',
          timeout: 15_000,
        },
      );
      const offered = r.stdout.split('\n').map((l) => l.split('\t')[0]);
      expect(offered).toContain('--max-tokens');
      expect(offered).toContain('work');
    }
  });

  test('an unknown shell is a usage error naming the choices', async () => {
    const r = await runRpv(['completion', 'tcsh'], { env: home.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rpv: no completion for shell "tcsh": use bash, zsh or fish\n/);
  });
});
