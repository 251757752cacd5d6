// Cancellation everywhere: SIGINT and SIGTERM in plain, --json and --jsonl mode send /cancel,
// keep the partial text, exit 130; a second Ctrl-C exits at once even while /cancel hangs; an
// interrupt during a retry wait stops at once; a closed stdout pipe cancels and exits 0.
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeAllRigs,
  expectedStdout,
  expectErrorShape,
  onlyJob,
  retryNotes,
  until,
  withRig,
  WORKERS,
  type FaultRig,
} from './fault-harness.js';

afterAll(closeAllRigs);

// Long enough to still be generating when the signal arrives (400 tokens, 5 ms each).
const ARGS = ['complete', '--max-tokens', '400', 'Tell me about forests'];
type Mode = 'plain' | 'json' | 'jsonl';
const MODE_FLAGS: Record<Mode, string[]> = { plain: [], json: ['--json'], jsonl: ['--jsonl'] };

/** Sends `signal` once the job is generating and (plain, jsonl) some text reached stdout. */
function interruptWhenGenerating(r: FaultRig, mode: Mode, signal: NodeJS.Signals, sent: { at?: number }) {
  return (child: ChildProcess): void => {
    let out = '';
    const ready = () => {
      if (sent.at !== undefined) return;
      const job = r.emu.jobs()[0];
      // rpv has drained some chunks (so --json has partial text to report).
      const generating = job !== undefined && job.drainedItems >= (mode === 'json' ? 4 : 1);
      const printed = mode === 'json' || (mode === 'plain' ? out.length > 0 : out.includes('"event":"token"'));
      if (generating && printed) {
        sent.at = Date.now();
        child.kill(signal);
      }
    };
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      ready();
    });
    const timer = setInterval(() => (sent.at === undefined ? ready() : clearInterval(timer)), 5);
    child.on('close', () => clearInterval(timer));
  };
}

describe.each(WORKERS)('%s worker', (worker) => {
  describe.each(['SIGINT', 'SIGTERM'] as const)('%s', (signal) => {
    it.concurrent.each(['plain', 'json', 'jsonl'] as const)(
      'in %s mode: cancel sent, partial text kept, exit 130',
      async (mode) => {
        await withRig({ worker, tokenDelayMs: 5 }, async (r) => {
          const sent: { at?: number } = {};
          const res = await r.run([...ARGS, ...MODE_FLAGS[mode]], {
            onSpawn: interruptWhenGenerating(r, mode, signal, sent),
          });
          expect(sent.at, 'the signal was sent').toBeDefined();
          expect(res.code).toBe(130);
          expect(Date.now() - sent.at!).toBeLessThan(5000);
          const job = onlyJob(r.emu);
          expect(r.emu.count('cancel')).toBe(1);
          expect(job.cancelled).toBe(true);
          expect(job.status).toBe('CANCELLED');
          const generated = r.emu.generate(job.input)[0]!;
          let partial: string;
          if (mode === 'plain') {
            expect(res.stdout.endsWith('\n')).toBe(true);
            partial = generated.startsWith(res.stdout) ? res.stdout : res.stdout.slice(0, -1);
            const line = expectErrorShape(res.stderr);
            expect(line).toContain('interrupted');
            expect(line).toContain(job.id);
          } else if (mode === 'json') {
            const out = JSON.parse(res.stdout) as { id: string; status: string; text: string };
            expect(out).toMatchObject({ id: job.id, status: 'CANCELLED' });
            partial = out.text;
          } else {
            const events = res.stdout
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as { event: string; text?: string; status?: string });
            partial = events
              .filter((e) => e.event === 'token')
              .map((e) => e.text)
              .join('');
            expect(events.at(-1)).toMatchObject({ status: 'CANCELLED' });
          }
          expect(partial.length).toBeGreaterThan(0);
          expect(generated.startsWith(partial), 'partial text is a prefix of the generated text').toBe(true);
          expect(partial.length).toBeLessThan(generated.length);
        });
      },
    );
  });
});

describe('interrupting the way out', () => {
  it.concurrent('a second Ctrl-C exits at once while /cancel hangs', async () => {
    await withRig({ worker: 'openai', faults: [{ name: 'hang', route: 'cancel' }] }, async (r) => {
      let second = 0;
      const res = await r.run(ARGS, {
        onSpawn: (child) => {
          child.stdout!.once('data', () => {
            child.kill('SIGINT');
            void until(() => r.emu.count('cancel') > 0, 5000, 'the cancel request').then(() => {
              second = Date.now();
              child.kill('SIGINT');
            });
          });
        },
      });
      expect(second).toBeGreaterThan(0);
      expect(res.code).toBe(130);
      // The cancel budget is 3 s; the second signal does not wait for it.
      expect(Date.now() - second).toBeLessThan(2000);
      const generated = r.emu.generate(onlyJob(r.emu).input)[0]!;
      expect(res.stdout.length).toBeGreaterThan(0);
      expect(generated.startsWith(res.stdout.replace(/\n$/, ''))).toBe(true);
    });
  });

  it.concurrent('one Ctrl-C with a hanging /cancel waits a bounded time, says so, exits 130', async () => {
    await withRig({ worker: 'legacy', faults: [{ name: 'hang', route: 'cancel' }] }, async (r) => {
      let sent = 0;
      const res = await r.run(ARGS, {
        onSpawn: (child) =>
          child.stdout!.once('data', () => {
            sent = Date.now();
            child.kill('SIGINT');
          }),
      });
      expect(res.code).toBe(130);
      const took = Date.now() - sent;
      expect(took).toBeGreaterThanOrEqual(2500);
      expect(took).toBeLessThan(7000);
      const line = expectErrorShape(res.stderr);
      expect(line).toContain('cancel not confirmed');
    });
  });

  it.concurrent('Ctrl-C during a /run retry wait stops at once and submits nothing more', async () => {
    await withRig({ worker: 'openai', faults: [{ name: '429', route: 'run', count: Infinity }] }, async (r) => {
      let sent = 0;
      const res = await r.run(ARGS, {
        onSpawn: (child) =>
          child.stderr!.on('data', () => {
            if (sent) return;
            sent = Date.now();
            child.kill('SIGINT');
          }),
      });
      expect(res.code).toBe(130);
      expect(Date.now() - sent).toBeLessThan(1500);
      expect(retryNotes(res.stderr)).toHaveLength(1);
      expect(r.emu.count('run')).toBe(1);
      expect(r.emu.jobs()).toHaveLength(0);
    });
  });
});

describe('a closed stdout pipe', () => {
  it.concurrent.each(WORKERS)('%s, plain: cancels the job and exits 0 quietly', async (worker) => {
    await withRig({ worker }, async (r) => {
      const res = await r.run(ARGS, { onSpawn: (child) => child.stdout!.once('data', () => child.stdout!.destroy()) });
      expect(res.code).toBe(0);
      expect(res.stderr).toBe('');
      expect(r.emu.count('cancel')).toBe(1);
      expect(onlyJob(r.emu).cancelled).toBe(true);
    });
  });

  it.concurrent('--jsonl: cancels the job and exits 0 quietly', async () => {
    await withRig({ worker: 'openai' }, async (r) => {
      const res = await r.run([...ARGS, '--jsonl'], {
        onSpawn: (child) => child.stdout!.once('data', () => child.stdout!.destroy()),
      });
      expect(res.code).toBe(0);
      expect(res.stderr).toBe('');
      expect(r.emu.count('cancel')).toBe(1);
      expect(onlyJob(r.emu).cancelled).toBe(true);
    });
  });

  it.concurrent('--json: the closed pipe is seen at the one final write; still exit 0, quiet', async () => {
    await withRig({ worker: 'openai' }, async (r) => {
      const res = await r.run(['complete', '--max-tokens', '20', '--json', 'hi'], {
        onSpawn: (child) => child.stdout!.destroy(),
      });
      expect(res.code).toBe(0);
      expect(res.stderr).toBe('');
      expect(onlyJob(r.emu).status).toBe('COMPLETED');
    });
  });

  it.concurrent('a closed stderr pipe drops the diagnostics only: the text still arrives whole, exit 0', async () => {
    await withRig(
      { worker: 'openai', faults: [{ name: '429-no-retry-after', route: 'stream', count: 3 }] },
      async (r) => {
        const res = await r.run(['complete', '--verbose', '--max-tokens', '60', 'hi'], {
          onSpawn: (child) => child.stderr!.once('data', () => child.stderr!.destroy()),
        });
        expect(res.code).toBe(0);
        expect(res.stdout).toBe(expectedStdout(r.emu));
        expect(r.emu.count('cancel')).toBe(0);
      },
    );
  });
});
