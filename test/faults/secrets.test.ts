// Secrets and hostile text: the key never shows in output, --verbose logs, errors (even when a
// worker error echoes it), the journal or saved chats; the service's words cannot drive the
// terminal; the config file is private and a readable one is warned about.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';
import { closeAllRigs, expectedStdout, expectErrorShape, filesHolding, withRig } from './fault-harness.js';

afterAll(closeAllRigs);

const ESC_OR_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('the key in runs against the emulator', () => {
  it.concurrent('--verbose logs every call and retry without the key; journal and session hold none', async () => {
    await withRig(
      {
        worker: 'openai',
        faults: [
          { name: '429-no-retry-after', route: 'stream' },
          { name: '503', route: 'status' },
        ],
      },
      async (r) => {
        const res = await r.run(['chat', '--verbose', '--session', 'kept', '--max-tokens', '20', 'hello there']);
        expect(res.code).toBe(0);
        expect(res.stdout).toBe(expectedStdout(r.emu));
        // Verbose diagnostics really were printed (so their absence of the key means something).
        expect(res.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/v2\/ep-faults\/stream\/\S+ 429/);
        expect(res.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/v2\/ep-faults\/status\/\S+ 503/);
        expect(res.stderr).not.toContain(TEST_KEY);
        expect(res.stderr).not.toMatch(/bearer/i);
        const data = r.home.env.RPV_DATA_DIR!;
        expect(existsSync(join(data, 'sessions', 'kept.json'))).toBe(true);
        expect(readdirSync(data).length).toBeGreaterThan(0);
        expect(filesHolding(data, TEST_KEY)).toEqual([]);
      },
    );
  });

  it.concurrent('a rejected key: exit 3, a hint, and the key nowhere', async () => {
    await withRig({ worker: 'legacy', apiKey: 'the-only-accepted-key' }, async (r) => {
      const res = await r.run(['complete', '--verbose', 'hi']);
      expect(res.code).toBe(3);
      const line = expectErrorShape(
        res.stderr
          .split('\n')
          .filter((l) => !l.startsWith('[rpv]'))
          .join('\n'),
      );
      expect(line).toContain('rejected (401)');
      expect(res.stderr).not.toContain(TEST_KEY);
    });
  });
});

describe('what the service sends back', () => {
  let server: Server;
  let base = '';
  let failWith = '';
  const home = makeHome();
  beforeEach(async () => {
    server = createServer((req, res) => {
      const route = (req.url ?? '').split('/')[3];
      req.resume();
      const auth = String(req.headers.authorization ?? '');
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (failWith === 'run-400')
        return send(400, { error: `bad input \u001b[31mRED\u001b[0m\u0007 (you sent ${auth})` });
      if (failWith === 'bad-id')
        return route === 'run' ? send(200, { id: '\u001b[2Jgone', status: 'IN_QUEUE' }) : send(404, {});
      if (route === 'run') return send(200, { id: 'job-echo', status: 'IN_QUEUE' });
      if (route === 'stream') return send(200, { status: 'FAILED', stream: [] });
      if (route === 'status') {
        const error = `{'message': 'auth failed for ${auth} \u001b]0;pwned\u0007', 'type': 'worker_error', 'code': None}`;
        return send(200, { id: 'job-echo', status: 'FAILED', error });
      }
      send(404, { error: 'not found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v2`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(() => home.dispose());

  const run = (args: string[]) =>
    runRpv(args, {
      env: { ...home.env, RUNPOD_API_KEY: TEST_KEY, RUNPOD_ENDPOINT_ID: 'ep', RUNPOD_ENDPOINT_BASE_URL: base },
    });

  it.each([[[]], [['--json']], [['--jsonl']]])(
    'a worker error echoing the key is printed without it (%j)',
    async (flags) => {
      failWith = '';
      const res = await run(['complete', '--retries', '0', ...flags, 'hi']);
      expect(res.code).toBe(5);
      for (const out of [res.stdout, res.stderr]) {
        expect(out).not.toContain(TEST_KEY);
        expect(out).not.toContain(TEST_KEY.slice(4, 20));
        expect(out).not.toMatch(ESC_OR_CONTROL);
      }
      expect(`${res.stdout}${res.stderr}`).toContain('auth failed for ***');
      expect(filesHolding(home.env.RPV_DATA_DIR, TEST_KEY)).toEqual([]);
    },
  );

  it.each([[[]], [['--json']], [['--wait']]])(
    'rpv status of a job whose error echoes the key prints it without the key (%j)',
    async (flags) => {
      failWith = '';
      const res = await run(['status', 'job-never-submitted', ...flags]);
      expect(res.code).toBe(flags.includes('--wait') ? 5 : 0);
      for (const out of [res.stdout, res.stderr]) {
        expect(out).not.toContain(TEST_KEY);
        expect(out).not.toContain(TEST_KEY.slice(4, 20));
      }
      expect(res.stdout).toContain('auth failed for');
    },
  );

  it('an error body with escape sequences and the key is shown inert and redacted', async () => {
    failWith = 'run-400';
    const res = await run(['complete', '--retries', '0', 'hi']);
    expect(res.code).toBe(1);
    const line = expectErrorShape(res.stderr);
    expect(line).toContain('bad input');
    expect(res.stderr).not.toMatch(ESC_OR_CONTROL);
    expect(res.stderr).not.toContain(TEST_KEY);
  });

  it('a job ID rpv could not print or look up again is a malformed /run reply (exit 8)', async () => {
    failWith = 'bad-id';
    const res = await run(['complete', '--retries', '0', 'hi']);
    expect(res.code).toBe(8);
    const line = expectErrorShape(res.stderr);
    expect(line).toContain('the job may have been submitted');
    expect(res.stderr).not.toMatch(ESC_OR_CONTROL);
  });
});

describe('the config file', () => {
  it.concurrent('is written 0600 in a 0700 folder, and a readable one is warned about', async () => {
    await withRig({ worker: 'legacy' }, async (r) => {
      const set = await r.run(['config', 'set', 'api-key'], {
        stdin: `${TEST_KEY}\n`,
        env: { RUNPOD_API_KEY: undefined },
      });
      expect(set.code).toBe(0);
      const dir = r.home.env.RPV_CONFIG_DIR!;
      const file = join(
        dir,
        readdirSync(dir).find((n) => n.endsWith('.json'))!,
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);

      // The key comes from the config (no RUNPOD_API_KEY): a private file gives no warning.
      const env = { RUNPOD_API_KEY: undefined };
      const quiet = await r.run(['complete', '--max-tokens', '8', 'hi'], { env });
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');

      chmodSync(file, 0o644);
      const warned = await r.run(['complete', '--max-tokens', '8', 'hi'], { env });
      expect(warned.code).toBe(0);
      expect(warned.stdout).toBe(quiet.stdout);
      const lines = warned.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^rpv: .*(other users|readable).*chmod 600/);
      expect(warned.stderr).not.toContain(TEST_KEY);
    });
  });
});
