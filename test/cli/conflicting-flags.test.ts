// Flag combinations that used to be silently ignored or combined are usage errors (issue 12, 13).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

describe('conflicting flags', () => {
  test('--detach --jsonl: usage error, nothing sent', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--detach', '--jsonl', 'hi'], { env: h.env(ep) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rpv: --detach and --jsonl cannot be combined/);
    expect(h.requestsOn(ep)).toEqual([]);
  });

  test('chat -c --session: usage error, nothing sent', async () => {
    const ep = h.endpoint();
    const r = await h.run(['chat', '-c', '--session', 'x', 'hello'], { env: h.env(ep) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rpv: -c\/--continue and --session cannot be combined/);
    expect(h.requestsOn(ep)).toEqual([]);
  });
});
