// `rpv status <id> --wait --text`: the README's detach-then-wait recipe gives scripts the text,
// byte for byte what `complete` prints in a pipe, whichever worker generation made it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from './harness.js';

const suites: Record<string, Harness> = {};
beforeAll(async () => {
  suites.legacy = await harness({ worker: 'legacy' });
  suites.openai = await harness({ worker: 'openai' });
});
afterAll(async () => {
  await Promise.all(Object.values(suites).map((h) => h.close()));
});

describe('status --text', () => {
  for (const gen of ['legacy', 'openai']) {
    test(`--wait --text prints exactly what complete prints (${gen} worker)`, async () => {
      const h = suites[gen]!;
      const ep = h.endpoint();
      const direct = await h.run(['complete', '--seed', '7', '--max-tokens', '12', 'tell me'], { env: h.env(ep) });
      expect(direct.code, direct.stderr).toBe(0);
      const sub = await h.run(['complete', '--detach', '--seed', '7', '--max-tokens', '12', 'tell me'], {
        env: h.env(ep),
      });
      const id = sub.stdout.trim();
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      const r = await h.run(['status', id, '--wait', '--text'], { env: h.env(ep) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(direct.stdout);
      expect(r.stdout.length).toBeGreaterThan(1);
      // Without --wait on the ended job: the same text.
      expect((await h.run(['status', id, '--text'], { env: h.env(ep) })).stdout).toBe(direct.stdout);
    });
  }

  test('--wait, --text or --follow without a job ID is a usage error', async () => {
    const h = suites.legacy!;
    for (const flag of ['--wait', '--text', '--follow']) {
      const r = await h.run(['status', flag], { env: h.env(h.endpoint()) });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^rpv: ${flag} needs a job ID\\n`));
    }
  });
});
