// `rpv sessions`: saved conversations can be listed, shown, deleted and found.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeHome, runRpv } from '../helpers/cli.js';

const home = makeHome();
const dir = join(home.dir, 'data', 'sessions');
afterAll(() => home.dispose());

function save(name: string, updatedAt: string, endpoint?: string): void {
  mkdirSync(dir, { recursive: true });
  const messages = [
    { role: 'user', content: `question of ${name}`, at: updatedAt },
    { role: 'assistant', content: `answer of ${name}`, at: updatedAt },
  ];
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({
      name,
      system: 'be brief',
      messages,
      createdAt: updatedAt,
      updatedAt,
      ...(endpoint ? { endpoint } : {}),
    }),
  );
}

describe('rpv sessions', () => {
  test('with none saved, says how one gets saved; stdout stays empty', async () => {
    const r = await runRpv(['sessions'], { env: home.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('rpv chat');
  });

  test('list, show, path, delete', async () => {
    save('older', '2026-01-02T03:04:00.000Z', 'ep1');
    save('newer', '2026-02-03T04:05:00.000Z');
    const list = await runRpv(['sessions', 'list'], { env: home.env });
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')).toEqual([
      'NAME   LAST USED         TURNS  ENDPOINT',
      'newer  2026-02-03 04:05      1  -',
      'older  2026-01-02 03:04      1  ep1',
      '',
    ]);
    const json = JSON.parse((await runRpv(['sessions', '--json'], { env: home.env })).stdout) as {
      name: string;
      turns: number;
      endpoint: string | null;
    }[];
    expect(json.map((s) => [s.name, s.turns, s.endpoint])).toEqual([
      ['newer', 1, null],
      ['older', 1, 'ep1'],
    ]);
    const show = await runRpv(['sessions', 'show', 'older'], { env: home.env });
    expect(show.stdout).toBe('system: be brief\n\n> question of older\n\nanswer of older\n\n');
    const path = await runRpv(['sessions', 'path', 'older'], { env: home.env });
    expect(path.stdout).toBe(`${join(dir, 'older.json')}\n`);
    expect((await runRpv(['sessions', 'path'], { env: home.env })).stdout).toBe(`${dir}\n`);
    const del = await runRpv(['sessions', 'delete', 'older'], { env: home.env });
    expect(del.code).toBe(0);
    expect(existsSync(join(dir, 'older.json'))).toBe(false);
    const gone = await runRpv(['sessions', 'show', 'older'], { env: home.env });
    expect(gone.code).toBe(4);
    expect(gone.stderr).toBe('rpv: no saved session "older"\n  run `rpv sessions` to list them\n');
  });

  test('bad actions and names are usage errors', async () => {
    const r = await runRpv(['sessions', 'frob'], { env: home.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rpv: unknown sessions action "frob"/);
    const n = await runRpv(['sessions', 'delete'], { env: home.env });
    expect(n.code).toBe(2);
    const bad = await runRpv(['sessions', 'show', '../x'], { env: home.env });
    expect(bad.code).toBe(2);
  });
});
