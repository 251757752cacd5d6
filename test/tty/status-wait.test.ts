// `rpv status <id> --wait` on a terminal: the spinner's clock ticks while the job waits in the
// queue (it used to stay at "in queue · 0s" until the next phase), then the status is printed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { ttyWorld } from './tty-harness.js';

describe('status --wait in a terminal', () => {
  it('counts the seconds in the queue, then prints the ended job', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5, coldStartMs: 3500 });
    // The emulator runs in this process: the detaching rpv must not block its event loop.
    const detached = await promisify(execFile)(
      process.execPath,
      [BIN, 'complete', '--no-stdin', '--detach', '--max-tokens', '5', 'wait for me'],
      { env: w.env(), encoding: 'utf8', timeout: 15_000 },
    );
    const id = detached.stdout.trim();
    const p = w.spawn(['status', id, '--wait']);
    await p.waitFor('in queue · 0s', 10_000);
    const at0 = p.mark();
    await p.waitFor('in queue · 2s', 10_000, at0);
    expect(await p.waitForExit(15_000)).toBe(0);
    const text = p.grid().text();
    expect(text).toContain(id);
    expect(text).toMatch(/status\s+COMPLETED/);
  }, 30_000);
});
