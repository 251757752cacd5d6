// The options shared by every endpoint command are accepted before the subcommand too
// (`rpv -v -e abc complete hi`), through the built binary against the emulator.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, onlyJob, type Harness } from './harness.js';

describe('global options before the subcommand', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h?.close());

  test('-v -e <id> before complete: the job goes to that endpoint, with diagnostics', async () => {
    const ep = h.endpoint();
    const r = await h.run(['-v', '-e', ep, 'complete', '--max-tokens', '8', 'hi'], {
      env: h.env('not-this-one'),
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(0);
    expect(onlyJob(h, ep).status).toBe('COMPLETED');
    expect(r.stderr).toMatch(/\[rpv\] POST .*\/run/);
  });

  test('--json and --retries before status list, -q before health', async () => {
    const list = await h.run(['--json', '--retries', '0', 'status'], { env: h.env(h.endpoint()) });
    expect(list.code).toBe(0);
    expect(Array.isArray(JSON.parse(list.stdout))).toBe(true);
    const health = await h.run(['-q', '--json', 'health'], { env: h.env(h.endpoint()) });
    expect(health.code).toBe(0);
    expect(JSON.parse(health.stdout)).toHaveProperty('workers');
  });

  test('a bad global value is a usage error naming the flag, sending nothing', async () => {
    const ep = h.endpoint();
    const r = await h.run(['--retries', '99', 'complete', 'hi'], { env: h.env(ep) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rpv: --retries must be an integer between 0 and 10/);
    expect(h.requestsOn(ep)).toEqual([]);
  });
});
