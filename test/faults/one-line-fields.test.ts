// One-line fields the service fills (cancel and status lines, health counters, the job list, the
// --detach job ID) cannot drive the terminal: no escape sequence, no carriage return or newline,
// no bidi control reaches stdout raw, and a job ID with a newline never forges journal rows.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesHolding, makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

const HOSTILE = '\u001b[2K\rOK\u202eevil\u2066\u0007\nFORGED';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
let server: Server;
let base = '';
let runId = 'job-ok';
const home = makeHome();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const route = (req.url ?? '').split('?')[0]!.split('/')[3];
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (route === 'run') return json({ id: runId, status: 'IN_QUEUE' });
    if (route === 'cancel') return json({ id: 'job-ok', status: HOSTILE });
    if (route === 'status') return json({ id: HOSTILE, status: HOSTILE, workerId: HOSTILE, delayTime: 1 });
    if (route === 'health') return json({ jobs: { [HOSTILE]: 1 }, workers: { idle: 1, [HOSTILE]: 2 } });
    res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v2`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  home.dispose();
});

const run = (args: string[]) =>
  runRpv([...args, '--retries', '0'], {
    env: { ...home.env, RUNPOD_API_KEY: TEST_KEY, RUNPOD_ENDPOINT_ID: 'ep', RUNPOD_ENDPOINT_BASE_URL: base },
  });

describe('one-line fields from the service', () => {
  it.each([['cancel job-ok'], ['status job-ok'], ['health']])(
    'rpv %s prints them inert, one line each',
    async (line) => {
      const res = await run(line.split(' '));
      expect(res.code, res.stderr).toBe(0);
      for (const l of res.stdout.split('\n')) expect(l, JSON.stringify(res.stdout)).not.toMatch(RAW);
      expect(res.stdout).not.toMatch(/^FORGED/m);
    },
  );

  it('cancel records no forged status and the job list shows it inert', async () => {
    const res = await run(['status']);
    expect(res.stdout).not.toMatch(RAW);
    expect(res.stdout).not.toMatch(/^FORGED/m);
  });

  it('--detach refuses a job ID with a newline: nothing printed, no forged journal row (exit 8)', async () => {
    runId = 'job-x\n{"id":"job-x-id-forged"}';
    try {
      const res = await run(['complete', '--detach', 'hi']);
      expect(res.code).toBe(8);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/^rpv: .*unusable job ID/);
      const journal = join(home.env.RPV_DATA_DIR!, 'jobs.jsonl');
      if (existsSync(journal)) expect(readFileSync(journal, 'utf8')).not.toContain('forged');
      // The local record (SQLite) and any fallback file hold no forged row either.
      expect(filesHolding(home.env.RPV_DATA_DIR, 'job-x-id-forged')).toEqual([]);
    } finally {
      runId = 'job-ok';
    }
  });
});
