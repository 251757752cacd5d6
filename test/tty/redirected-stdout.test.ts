// `rpv complete hi > out.txt` in a terminal: stdout is a file, stderr still the terminal. A cold
// start is said there (it used to be a silent wait); the file holds exactly the reply.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { spawnPty } from '../helpers/pty.js';
import { replyOf, ttyWorld } from './tty-harness.js';

describe('stdout redirected to a file, stderr a terminal', () => {
  it('says the job waits in the queue and when it starts; the file has the reply', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5, coldStartMs: 3000 });
    const out = join(w.home.dir, 'out.txt');
    const command = `exec "${process.execPath}" "${BIN}" complete --max-tokens 8 "cold start please" > "${out}"`;
    const p = spawnPty('/bin/sh', ['-c', command], { env: w.env() });
    await p.waitFor('in queue for 2.0s, waiting for a worker', 10_000);
    await p.waitFor(/generating \(waited \d+(\.\d)?s in the queue\)/, 10_000);
    expect(await p.waitForExit(10_000)).toBe(0);
    const reply = replyOf(w.emulator, 0);
    expect(readFileSync(out, 'utf8')).toBe(reply.endsWith('\n') ? reply : `${reply}\n`);
    expect(p.raw()).not.toContain(reply.slice(0, 12));
  }, 30_000);
});
