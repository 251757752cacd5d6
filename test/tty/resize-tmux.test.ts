// Resizing a terminal that rewraps its lines (tmux, as most terminals do) while rpv's live area
// is up: a narrower width used to leave the rewrapped rows of the old live area on screen and in
// the history, a second copy of the streamed text (or of the chat's input box). Driven through a
// real tmux: send nothing, resize the window, read the whole pane history back.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { collapse, replyOf, ttyWorld } from './tty-harness.js';

const run = promisify(execFile);
const sockets: string[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) await run('tmux', ['-L', socket, 'kill-server']).catch(() => undefined);
});

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts `rpv args` in a detached tmux window of cols x rows; returns a way to drive and read it. */
async function inTmux(env: NodeJS.ProcessEnv, args: string[], cols: number, rows: number) {
  const socket = `rpv-test-${process.pid}-${sockets.length}-${Date.now()}`;
  sockets.push(socket);
  const vars = ['RPV_CONFIG_DIR', 'RPV_DATA_DIR', 'RUNPOD_API_KEY', 'RUNPOD_ENDPOINT_ID', 'RUNPOD_ENDPOINT_BASE_URL'];
  const assigned = vars.map((v) => `${v}=${shellQuote(env[v] ?? '')}`).join(' ');
  const command = `env ${assigned} ${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args.map(shellQuote).join(' ')}; sleep 60`;
  await run('tmux', [
    '-L',
    socket,
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    's',
    '-x',
    String(cols),
    '-y',
    String(rows),
    command,
  ]);
  const tmux = (...a: string[]) => run('tmux', ['-L', socket, ...a]);
  const capture = async () => (await tmux('capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', 's')).stdout;
  const waitFor = async (check: (text: string) => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await capture();
      if (check(text)) return text;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; pane:\n${text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { tmux, capture, waitFor };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('a narrower terminal while the live area is up (tmux)', () => {
  it('tmux is installed (CI must install it: apt-get install -y tmux)', () => {
    expect(hasTmux()).toBe(true);
  });

  it('mid-reply: the pane and its history hold the reply once', async () => {
    const w = await ttyWorld({ tokenDelayMs: 25 });
    const t = await inTmux(w.env(), ['complete', '--max-tokens', '150', 'tell me a long story'], 80, 24);
    await t.waitFor(
      (text) => text.includes('generating') && text.split('\n').filter((l) => l.trim()).length > 4,
      'a few lines of the reply',
    );
    await t.tmux('resize-window', '-t', 's', '-x', '50', '-y', '24');
    const done = await t.waitFor((text) => text.includes('✓'), 'the end of the reply');
    const reply = collapse(replyOf(w.emulator, 0));
    const shown = collapse(done);
    expect(count(shown, reply.slice(0, 30))).toBe(1);
    expect(shown).toContain(reply);
  }, 40_000);

  it('an idle chat: the pane holds one input box', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const t = await inTmux(w.env(), ['chat'], 80, 24);
    await t.waitFor((text) => text.includes('Send a message'), 'the prompt');
    await t.tmux('resize-window', '-t', 's', '-x', '44', '-y', '24');
    await new Promise((r) => setTimeout(r, 600));
    const text = await t.waitFor((p) => p.includes('Send a message'), 'the prompt again');
    expect(count(text, '╭')).toBe(1);
    expect(count(text, '╰')).toBe(1);
  }, 40_000);
});
