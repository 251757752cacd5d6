// The secrets sweep: a service that echoes the key into every field of every reply, and model
// text that carries it split across polls and SSE events. Every command and output mode runs
// against it; stdout, stderr and every file under the config and data folders must be free of it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesHolding, makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';
import { startEchoKeyServer, type EchoServer } from '../helpers/echo-key-server.js';

let server: EchoServer;
const home = makeHome();
// Batch input sits beside the folders that are scanned; its results go into the data folder.
const batchInput = join(home.dir, 'batch-in.jsonl');
const batchOutput = join(home.env.RPV_DATA_DIR!, 'batch-out.jsonl');
beforeAll(async () => {
  server = await startEchoKeyServer();
  writeFileSync(batchInput, '"first line"\n{"custom_id": "two", "prompt": "second line"}\n');
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
  // The cache: the first run stores the answer, the second is a hit read back from rpv.db.
  ['complete', '--cache', '--temperature', '0', 'cached'],
  ['complete', '--cache', '--temperature', '0', 'cached'],
  ['complete', '--cache', '--temperature', '0', '--json', 'cached'],
  ['cache', 'stats'],
  ['cache', 'stats', '--json'],
  // What the record kept of all the above.
  ['log'],
  ['log', '--json'],
  ['log', '--search', 'key'],
  ['log', 'job-echo-1'],
  ['log', 'job-echo-1', '--json'],
  ['stats'],
  ['stats', '--json'],
  ['models'],
  ['models', '--json'],
  ['sessions'],
  ['sessions', 'show', 'sweep'],
  ['sessions', 'show', 'sweep', '--json'],
  ['batch', batchInput],
  ['batch', batchInput, '-o', batchOutput, '--json'],
  ['batch', batchInput, '-o', batchOutput],
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
  'complete --cache',
  'log',
  'sessions show',
  `batch ${batchInput}`,
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
    const shown = `${res.stdout}${res.stderr}${line.includes(batchOutput) ? readFileSync(batchOutput, 'utf8') : ''}`;
    if (SHOWS_ECHO.some((p) => line === p || line.startsWith(`${p} `)) || line.includes(batchOutput))
      expect(shown, where).toContain('***');
  });
});
