// While a chat turn runs, the input box says what the turn is doing: it waits in the queue
// during a cold start, and only says a reply is streaming once tokens come.
import { describe, expect, it } from 'vitest';
import { idle, inputBox, ttyWorld } from './tty-harness.js';

describe('the chat placeholder during a turn', () => {
  it('says "in queue" during a cold start, "streaming" only once the reply comes', async () => {
    const w = await ttyWorld({ tokenDelayMs: 40, coldStartMs: 2500 });
    const p = w.spawn(['chat', '--max-tokens', '30'], { cols: 100, rows: 30 });
    await p.waitScreen(idle, 'the prompt', 15_000);
    await p.send('cold start please');
    const queued = await p.waitScreen(
      (s) => inputBox(s).join(' ').includes('in queue, waiting for a worker · Ctrl-C stops it'),
      'the queue placeholder',
      10_000,
    );
    expect(inputBox(queued).join(' ')).not.toContain('streaming');
    await p.waitScreen((s) => inputBox(s).join(' ').includes('a reply is streaming'), 'the streaming placeholder');
    await p.waitScreen(idle, 'the end of the turn', 15_000);
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 40_000);
});
