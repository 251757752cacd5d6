// The secrets sweep: a service that echoes the key into every field of every reply, and model
// text that carries it split across polls and SSE events. Every command and output mode runs
// against it; stdout, stderr and every file under the config and data folders must be free of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesHolding, makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';
import { startEchoKeyServer, type EchoServer } from '../helpers/echo-key-server.js';

let server: EchoServer;
const home = makeHome();
beforeAll(async () => {
  server = await startEchoKeyServer();
});
afterAll(async () => {
  await server.close();
  home.dispose();
});

const COMMANDS: string[][] = [
  ['complete', 'hi'],
  ['complete', '--json', 'hi'],
  ['complete', '--jsonl', 'hi'],
  ['complete', '--no-stream', 'hi'],
  ['complete', '--no-stream', '--json', 'hi'],
  ['complete', '--stats', '--verbose', 'hi'],
  ['complete', '--detach', 'hi'],
  ['complete', '--detach', '--json', 'hi'],
  ['complete', '--api', 'openai', 'hi'],
  ['complete', '--api', 'openai', '--json', 'hi'],
  ['complete', '--api', 'openai', '--jsonl', 'hi'],
  ['chat', '--session', 'sweep', 'hi'],
  ['chat', '--session', 'sweep', '--json', 'again'],
  ['status', 'job-echo-1'],
  ['status', 'job-echo-1', '--json'],
  ['status', 'job-echo-1', '--wait'],
  ['status', 'job-echo-1', '--follow'],
  ['status'],
  ['status', '--json'],
  ['cancel', 'job-echo-1'],
  ['cancel', 'job-echo-1', '--json'],
  ['health'],
  ['health', '--json'],
  ['config', 'list'],
];

const SHOWS_ECHO = [
  'complete hi',
  'complete --json',
  'complete --jsonl',
  'complete --no-stream',
  'complete --api',
  'chat',
  'status job-echo-1',
  'cancel',
  'health',
];

describe('a service echoing the key into every field', () => {
  it.each(COMMANDS.map((c) => [c.join(' ')]))('rpv %s shows and saves no key', async (line: string) => {
    const args = line.split(' ');
    const env = {
      ...home.env,
      RUNPOD_API_KEY: TEST_KEY,
      RUNPOD_ENDPOINT_ID: 'ep',
      RUNPOD_ENDPOINT_BASE_URL: server.base,
    };
    const res = await runRpv([...args, '--retries', '0'], { env, timeoutMs: 20_000 });
    const where = `rpv ${args.join(' ')} (exit ${res.code})\n${res.stdout}\n${res.stderr}`;
    expect(res.stdout, where).not.toContain(TEST_KEY.slice(4, 20));
    expect(res.stderr, where).not.toContain(TEST_KEY.slice(4, 20));
    expect(res.stderr, where).not.toMatch(/internal error/);
    expect(filesHolding(home.env.RPV_DATA_DIR, TEST_KEY), where).toEqual([]);
    expect(filesHolding(home.env.RPV_CONFIG_DIR, TEST_KEY), where).toEqual([]);
    // The echo really reached the output, redacted (so the absence of the key means something).
    if (SHOWS_ECHO.some((p) => line.startsWith(p))) expect(`${res.stdout}${res.stderr}`, where).toContain('***');
  });
});
