// What the built binary does at the edges of a pipe: escape sequences from the model are
// neutralised unless --raw, a closed stdout ends quietly and cancels, Ctrl-C cancels and exits
// 130 with the partial text flushed, and the key shows nowhere (output, --verbose, data files).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { neutralize } from '../../src/core/sanitize.js';
import { ANSI_MARKER } from '../../src/emulator/index.js';
import { TEST_KEY } from '../helpers/cli.js';
import { countFiles, filesHolding, harness, onlyJob, withNewline, type Harness } from './harness.js';

const ESC = 0x1b;
/** Colour settings a developer's shell might export; the spawned rpv must see none of them. */
const NO_COLOUR_ENV = { NO_COLOR: undefined, FORCE_COLOR: undefined };

let fast: Harness;
let slow: Harness;
beforeAll(async () => {
  [fast, slow] = await Promise.all([harness({ tokenDelayMs: 1 }), harness({ tokenDelayMs: 25 })]);
});
afterAll(async () => {
  await fast?.close();
  await slow?.close();
});

describe('escape sequences in model output', () => {
  test.concurrent('piped stdout holds no ESC byte; the rest of the text is unchanged', async () => {
    const ep = fast.endpoint();
    const r = await fast.run(['complete', '--max-tokens', '8', `colour ${ANSI_MARKER}`], {
      env: fast.env(ep, NO_COLOUR_ENV),
    });
    expect(r.code).toBe(0);
    const [text] = fast.emu.generate(onlyJob(fast, ep).input);
    expect(text).toContain('\u001b[');
    expect(r.stdoutBytes.includes(ESC)).toBe(false);
    expect(r.stdout).toBe(withNewline(neutralize(text!)));
  });

  test.concurrent('--raw passes the text through byte for byte', async () => {
    const ep = fast.endpoint();
    const r = await fast.run(['complete', '--raw', '--max-tokens', '8', `raw ${ANSI_MARKER}`], {
      env: fast.env(ep, NO_COLOUR_ENV),
    });
    expect(r.code).toBe(0);
    const [text] = fast.emu.generate(onlyJob(fast, ep).input);
    expect(r.stdoutBytes.includes(ESC)).toBe(true);
    expect(r.stdoutBytes.equals(Buffer.from(withNewline(text!)))).toBe(true);
  });

  test.concurrent('--no-stream, --json, --jsonl and status keep ESC out of stdout too', async () => {
    const ep = fast.endpoint();
    const env = fast.env(ep, NO_COLOUR_ENV);
    for (const flags of [['--no-stream'], ['--json'], ['--jsonl'], ['--detach']]) {
      const r = await fast.run(['complete', ...flags, '--max-tokens', '6', `modes ${ANSI_MARKER}`], { env });
      expect(r.code, flags.join(' ')).toBe(0);
      expect(r.stdoutBytes.includes(ESC), flags.join(' ')).toBe(false);
    }
    const detached = fast.jobsOn(ep).at(-1)!;
    const status = await fast.run(['status', detached.id, '--wait'], { env });
    expect(status.code).toBe(0);
    expect(status.stdoutBytes.includes(ESC)).toBe(false);
    expect(status.stdout).toContain(neutralize(fast.emu.generate(detached.input)[0]!).trimEnd());
    const raw = await fast.run(['status', detached.id, '--raw'], { env });
    expect(raw.stdoutBytes.includes(ESC)).toBe(true);
  });
});

/** Resolves with the child once its stdout has produced `bytes` bytes. */
function afterOutput(child: ChildProcess, bytes: number, then: (child: ChildProcess) => void): void {
  let seen = 0;
  const onData = (d: Buffer) => {
    seen += d.length;
    if (seen >= bytes) {
      child.stdout!.off('data', onData);
      then(child);
    }
  };
  child.stdout!.on('data', onData);
}

describe('interruptions', () => {
  test.concurrent('a closed pipe ends with exit 0 and cancels the running job', async () => {
    const ep = slow.endpoint();
    const r = await slow.run(['complete', '--max-tokens', '400', 'a long answer'], {
      env: slow.env(ep),
      onSpawn: (child) => afterOutput(child, 10, (c) => c.stdout!.destroy()),
    });
    expect(r.code).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.stderr).not.toContain('    at ');
    expect(r.stderr).not.toMatch(/EPIPE|internal error/);
    const cancels = slow.requestsOn(ep).filter((q) => q.route === 'cancel');
    expect(cancels).toHaveLength(1);
    const job = onlyJob(slow, ep);
    expect(job.cancelled).toBe(true);
    expect(job.status).toBe('CANCELLED');
  });

  test.concurrent('SIGINT while streaming: cancel sent, partial text flushed, exit 130', async () => {
    const ep = slow.endpoint();
    const r = await slow.run(['complete', '--max-tokens', '400', 'interrupt me'], {
      env: slow.env(ep),
      onSpawn: (child) => afterOutput(child, 12, (c) => c.kill('SIGINT')),
    });
    expect(r.code).toBe(130);
    const job = onlyJob(slow, ep);
    expect(job.cancelled).toBe(true);
    expect(slow.requestsOn(ep).filter((q) => q.route === 'cancel')).toHaveLength(1);
    const [text] = slow.emu.generate(job.input);
    expect(r.stdout.length).toBeGreaterThanOrEqual(12);
    const printed = r.stdout.endsWith('\n') && !text!.startsWith(r.stdout) ? r.stdout.slice(0, -1) : r.stdout;
    expect(text!.startsWith(printed)).toBe(true);
    expect(printed.length).toBeLessThan(text!.length);
    expect(r.stderr).toContain(job.id);
    expect(r.stderr).not.toContain('    at ');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('rpv: '))).toHaveLength(1);
  });

  test.concurrent('SIGINT with -n 2: the partial choices are flushed too', async () => {
    const ep = slow.endpoint();
    const r = await slow.run(['complete', '-n', '2', '--max-tokens', '400', 'two at once'], {
      env: slow.env(ep),
      onSpawn: (child) => {
        const poll = setInterval(() => {
          const job = slow.jobsOn(ep)[0];
          if (job && job.outputItems >= 10) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 10);
        child.on('exit', () => clearInterval(poll));
      },
    });
    expect(r.code).toBe(130);
    const job = onlyJob(slow, ep);
    expect(job.cancelled).toBe(true);
    const texts = slow.emu.generate(job.input);
    const parts = r.stdout.split('\n\n');
    expect(parts, JSON.stringify(r.stdout)).toHaveLength(2);
    parts.forEach((part, i) => {
      const printed = part.endsWith('\n') ? part.slice(0, -1) : part;
      expect(printed.length, `choice ${i}`).toBeGreaterThan(0);
      expect(texts[i]!.startsWith(printed), `choice ${i}`).toBe(true);
    });
    expect(r.stderr.split('\n').filter((l) => l.startsWith('rpv: '))).toHaveLength(1);
  });

  test.concurrent('SIGINT with --jsonl: a final error line with the partial text, one rpv line on stderr', async () => {
    const ep = slow.endpoint();
    const r = await slow.run(['complete', '--jsonl', '--max-tokens', '400', 'interrupt the lines'], {
      env: slow.env(ep),
      onSpawn: (child) => afterOutput(child, 600, (c) => c.kill('SIGINT')),
    });
    expect(r.code).toBe(130);
    const job = onlyJob(slow, ep);
    expect(job.cancelled).toBe(true);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    const last = lines.at(-1)!;
    expect(last).toMatchObject({
      event: 'error',
      id: job.id,
      status: 'CANCELLED',
      reason: 'interrupted',
      exitCode: 130,
    });
    const tokens = lines
      .filter((l) => l.event === 'token')
      .map((l) => l.text as string)
      .join('');
    expect(tokens.length).toBeGreaterThan(0);
    expect(last.text).toBe(tokens);
    expect(slow.emu.generate(job.input)[0]!.startsWith(tokens)).toBe(true);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('rpv: '));
    expect(errors, r.stderr).toHaveLength(1);
    expect(errors[0]).toContain(job.id);
  });

  test.concurrent('SIGINT during status --wait leaves the job running and says so', async () => {
    const ep = slow.endpoint();
    const detached = await slow.run(['complete', '--detach', '--max-tokens', '400', 'keep running'], {
      env: slow.env(ep),
    });
    const id = detached.stdout.trim();
    const statusCalls = () => slow.requestsOn(ep).filter((q) => q.route === 'status').length;
    const r = await slow.run(['status', id, '--wait'], {
      env: slow.env(ep),
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (statusCalls() > 0) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 10);
        child.on('exit', () => clearInterval(poll));
      },
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(slow.requestsOn(ep).filter((q) => q.route === 'cancel')).toEqual([]);
    expect(onlyJob(slow, ep).status).toBe('IN_PROGRESS');
    const errors = r.stderr.split('\n').filter((l) => l !== '');
    expect(errors, r.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/^rpv: .*keeps running/);
    expect(errors[0]).toContain(id);
  });
});

describe('the key stays secret', () => {
  test.concurrent('--verbose shows method, full URL and status but never the key', async () => {
    const ep = fast.endpoint();
    const r = await fast.run(['chat', '-v', '--max-tokens', '4', 'verbose turn'], { env: fast.env(ep) });
    expect(r.code).toBe(0);
    const id = onlyJob(fast, ep).id;
    expect(r.stderr).toContain(`POST ${fast.emu.baseUrl}/${ep}/run 200`);
    expect(r.stderr).toContain(`/v2/${ep}/stream/${id}`);
    expect(r.stderr).not.toMatch(/authorization|bearer/i);
    const status = await fast.run(['status', id, '-v'], { env: fast.env(ep) });
    expect(status.code).toBe(0);
    expect(status.stderr).toContain(`GET ${fast.emu.baseUrl}/${ep}/status/${id}`);
  });

  test.concurrent('the journal and saved sessions on disk hold no key', async () => {
    const ep = fast.endpoint();
    expect(
      (await fast.run(['chat', '--max-tokens', '3', '--session', 'kept', 'remember me'], { env: fast.env(ep) })).code,
    ).toBe(0);
    expect((await fast.run(['complete', '--max-tokens', '3', 'journal me'], { env: fast.env(ep) })).code).toBe(0);
    const dataDir = fast.home.env.RPV_DATA_DIR!;
    expect(countFiles(dataDir)).toBeGreaterThanOrEqual(2);
    expect(filesHolding(dataDir, TEST_KEY)).toEqual([]);
  });
});
