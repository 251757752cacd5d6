// One-turn `chat --json` names the session it saved, so a script can continue it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, onlyJob, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

describe('a conversation that cannot be saved', () => {
  test('the reply is printed, exit 0, and one warning says why in words (no errno code)', async () => {
    const ep = h.endpoint();
    const data = join(h.home.dir, 'blocked-data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'sessions'), 'a file where the sessions folder should be\n');
    const r = await h.run(['chat', '--max-tokens', '4', 'hello'], { env: { ...h.env(ep), RPV_DATA_DIR: data } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('could not save the conversation'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^rpv: warning: could not save the conversation: .*(folder|exists)/);
    expect(warnings[0]).not.toMatch(/E[A-Z]{3,}|\bat /);
  });
});

describe('chat --json', () => {
  test('names the session; --session with that name continues it', async () => {
    const ep = h.endpoint();
    const first = await h.run(['chat', '--json', '--max-tokens', '4', 'hello'], { env: h.env(ep) });
    expect(first.code, first.stderr).toBe(0);
    const { session, text } = JSON.parse(first.stdout) as { session: string; text: string };
    expect(session).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
    const again = await h.run(['chat', '--json', '--session', session, '--max-tokens', '4', 'again'], {
      env: h.env(ep),
    });
    expect((JSON.parse(again.stdout) as { session: string }).session).toBe(session);
    const saved = JSON.parse(readFileSync(join(h.home.dir, 'data', 'sessions', `${session}.json`), 'utf8')) as {
      messages: { role: string; content: string }[];
    };
    expect(saved.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(saved.messages[1]?.content).toBe(text);
  });

  test('--session sends the /set parameters the conversation keeps; a flag given now wins', async () => {
    const ep = h.endpoint();
    const dir = join(h.home.dir, 'data', 'sessions');
    mkdirSync(dir, { recursive: true });
    const at = '2026-01-01T00:00:00.000Z';
    const kept = { name: 'tuned', messages: [], createdAt: at, updatedAt: at, params: { top_k: 7, temperature: 0.25 } };
    writeFileSync(join(dir, 'tuned.json'), JSON.stringify(kept));
    const r = await h.run(['chat', '--session', 'tuned', '--temperature', '0.5', '--max-tokens', '4', 'q'], {
      env: h.env(ep),
    });
    expect(r.code, r.stderr).toBe(0);
    const input = onlyJob(h, ep).input as { sampling_params: Record<string, unknown> };
    expect(input.sampling_params).toMatchObject({ top_k: 7, temperature: 0.5, max_tokens: 4 });
    const saved = JSON.parse(readFileSync(join(dir, 'tuned.json'), 'utf8')) as { params?: unknown };
    expect(saved.params).toEqual({ top_k: 7, temperature: 0.25 });
  });
});
