// `rpv health` prints counters with words people read, and `--watch` says what it watches and
// how often in a header above every refresh.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { humanKey } from '../../src/output/health.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

describe('health for people', () => {
  test('humanKey splits camelCase', () => {
    expect(['inProgress', 'inQueue', 'idle', 'throttled_now'].map(humanKey)).toEqual([
      'in progress',
      'in queue',
      'idle',
      'throttled now',
    ]);
  });

  test('no camelCase keys in the human view', async () => {
    const ep = h.endpoint();
    const r = await h.run(['health'], { env: h.env(ep) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^jobs\s+.*in queue \d+.*in progress \d+|^jobs\s+.*in progress \d+.*in queue \d+/m);
    expect(r.stdout).not.toMatch(/inQueue|inProgress/);
  });

  test('--watch has a header naming the endpoint and the interval on every refresh', async () => {
    const ep = h.endpoint();
    const r = await h.run(['health', '--watch', '--interval', '500ms'], {
      env: h.env(ep),
      onSpawn: (child) => {
        setTimeout(() => child.kill('SIGINT'), 3000);
      },
    });
    expect(r.code).toBe(130);
    const headers = r.stdout.split('\n').filter((l) => l.startsWith(`endpoint ${ep} · every 500ms · `));
    expect(headers.length).toBeGreaterThanOrEqual(2);
    expect(headers[0]).toMatch(/ \d\d:\d\d:\d\d UTC · Ctrl-C to stop$/);
  });
});
