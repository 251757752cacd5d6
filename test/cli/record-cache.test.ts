// The answer cache through the built binary: a hit sends nothing and prints the same bytes in
// every output mode; a sampled request is never answered from it; hits are marked.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Many spawned processes per test on a shared 2-core machine: the tests run one at a time,
// with room for a slow machine.
vi.setConfig({ testTimeout: 90_000 });
import { harness, type Harness } from './harness.js';
import { logJson } from './record-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokenDelayMs: 1 });
});
afterAll(async () => {
  await h?.close();
});

const sent = (ep: string) => h.requestsOn(ep).length;

describe('--cache', () => {
  test('a hit sends nothing and prints identical stdout (plain, --json text, --jsonl tokens)', async () => {
    const ep = h.endpoint();
    const args = ['complete', '--cache', '--temperature', '0', '--max-tokens', '12', 'cache me'];
    const first = await h.run(args, { env: h.env(ep) });
    expect(first.code).toBe(0);
    const runsBefore = h.requestsOn(ep).filter((q) => q.route === 'run').length;
    expect(runsBefore).toBe(1);
    const before = sent(ep);
    const second = await h.run(args, { env: h.env(ep) });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdoutBytes.equals(first.stdoutBytes)).toBe(true);
    const json = await h.run([...args, '--json'], { env: h.env(ep) });
    const obj = JSON.parse(json.stdout);
    expect(obj.cached).toBe(true);
    expect(`${obj.text}\n`).toBe(
      first.stdout.endsWith('\n') && !obj.text.endsWith('\n') ? first.stdout : `${first.stdout}\n`,
    );
    const jsonl = await h.run([...args, '--jsonl'], { env: h.env(ep) });
    const lines = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      lines
        .filter((l) => l.event === 'token')
        .map((l) => l.text)
        .join(''),
    ).toBe(obj.text);
    expect(lines.at(-1)).toMatchObject({ event: 'done', cached: true });
    const stats = await h.run([...args, '--stats'], { env: h.env(ep) });
    expect(stats.stdoutBytes.equals(first.stdoutBytes)).toBe(true);
    expect(stats.stderr).toMatch(/^cached · total/);
    // Nothing reached the emulator after the first job: no /run, no /stream, no /status.
    expect(sent(ep)).toBe(before);
    const log = await logJson(h, ep);
    expect(log.filter((j) => j.cached === true)).toHaveLength(4);
    expect(log.filter((j) => j.cached === true).every((j) => j.cachedFrom === obj.id && j.id === null)).toBe(true);
    const table = await h.run(['log', '--endpoint', ep], { env: h.env(ep) });
    expect(table.stdout).toContain('COMPLETED (cached)');
    const cacheStats = await h.run(['cache', 'stats', '--json'], { env: h.env(ep) });
    expect(JSON.parse(cacheStats.stdout).hits).toBeGreaterThanOrEqual(4);
  });

  test('a seed makes a request cacheable; another seed or prompt is a miss', async () => {
    const ep = h.endpoint();
    const run = (seed: string, prompt: string) =>
      h.run(['complete', '--cache', '--seed', seed, '--max-tokens', '5', prompt], { env: h.env(ep) });
    await run('1', 'seeded');
    await run('1', 'seeded');
    await run('2', 'seeded');
    await run('1', 'seeded!');
    expect(h.requestsOn(ep).filter((q) => q.route === 'run')).toHaveLength(3);
  });

  test('a sampled request is never served from the cache', async () => {
    const ep = h.endpoint();
    const args = ['complete', '--cache', '--temperature', '0.8', '--max-tokens', '5', 'sampled'];
    for (let i = 0; i < 3; i++) expect((await h.run(args, { env: h.env(ep) })).code).toBe(0);
    expect(h.requestsOn(ep).filter((q) => q.route === 'run')).toHaveLength(3);
    expect((await logJson(h, ep)).every((j) => j.cached === false)).toBe(true);
  });

  test('off unless asked; the config key turns it on, --no-cache off; --cache-ttl bounds the age of an answer', async () => {
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_CONFIG_DIR: `${h.home.dir}/cache-config` };
    const plain = ['complete', '--temperature', '0', '--max-tokens', '4', 'ttl'];
    const runs = () => h.requestsOn(ep).filter((q) => q.route === 'run').length;
    await h.run(plain, { env });
    await h.run(plain, { env });
    expect(runs()).toBe(2);
    expect((await h.run(['config', 'set', 'cache', 'true'], { env })).code).toBe(0);
    await h.run(plain, { env });
    await h.run(plain, { env });
    expect(runs()).toBe(3);
    await h.run([...plain, '--no-cache'], { env });
    expect(runs()).toBe(4);
    // A TTL of 0s takes no answer, however new, and keeps its own for no time at all.
    await h.run([...plain, '--cache-ttl', '0s'], { env });
    expect(runs()).toBe(5);
    await h.run(plain, { env });
    expect(runs()).toBe(6);
    await h.run(plain, { env });
    expect(runs()).toBe(6);
    const bad = await h.run([...plain, '--cache-ttl', 'soon'], { env: h.env(ep) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^rpv: .*cache-ttl/);
  });

  test('rpv cache clear empties it: the next request is sent again', async () => {
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_DATA_DIR: `${h.home.dir}/clear-data` };
    const args = ['complete', '--cache', '--temperature', '0', '--max-tokens', '4', 'clear me'];
    await h.run(args, { env });
    await h.run(args, { env });
    const cleared = await h.run(['cache', 'clear'], { env });
    expect(cleared.stdout).toBe('removed 1 cached answer\n');
    await h.run(args, { env });
    expect(h.requestsOn(ep).filter((q) => q.route === 'run')).toHaveLength(2);
  });
});
