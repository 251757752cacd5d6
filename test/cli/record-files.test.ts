// The record as a file: sqlite3 opens it, it is 0600 and holds no key; a broken or read-only
// record only warns; --no-log and log-text false keep what they promise; cost is an estimate of
// execution time x price; --help and --version never load the SQLite binding.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Many spawned processes per test on a shared 2-core machine: the tests run one at a time,
// with room for a slow machine.
vi.setConfig({ testTimeout: 90_000 });
import { TEST_KEY } from '../helpers/cli.js';
import { harness, type Harness } from './harness.js';
import { hasSqlite3, logJson, query, serviceStatus } from './record-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokenDelayMs: 1 });
});
afterAll(async () => {
  await h?.close();
});

/** A data folder of its own, for tests that break it. */
function ownData(name: string): string {
  return join(h.home.dir, name);
}

describe('the file', () => {
  test('the sqlite3 command-line tool is installed (CI must install it: apt-get install -y sqlite3)', () => {
    expect(hasSqlite3()).toBe(true);
  });

  test('sqlite3 opens rpv.db; it is 0600 in a 0700 folder rpv made; no key bytes in it', async () => {
    const ep = h.endpoint();
    const data = ownData('fresh-data');
    const env = { ...h.env(ep), RPV_DATA_DIR: data };
    expect((await h.run(['complete', '--max-tokens', '4', 'file check'], { env })).code).toBe(0);
    const file = join(data, 'rpv.db');
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rows = query(file, 'SELECT job_id, endpoint, prompt, status FROM jobs');
    expect(rows).toEqual([expect.objectContaining({ endpoint: ep, prompt: 'file check', status: 'COMPLETED' })]);
    expect(query(file, 'PRAGMA user_version')).toEqual([{ user_version: 1 }]);
    expect(query(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    for (const name of readdirSync(data)) {
      const bytes = readFileSync(join(data, name), 'latin1');
      expect(bytes.includes(TEST_KEY) || bytes.includes(TEST_KEY.slice(4, 20)), `key in ${name}`).toBe(false);
      expect(statSync(join(data, name)).mode & 0o077, `${name} is private`).toBe(0);
    }
  });
});

describe('a record that cannot be used', () => {
  test('a truncated database: one warning, the completion succeeds', async () => {
    const ep = h.endpoint();
    const data = ownData('truncated-data');
    const env = { ...h.env(ep), RPV_DATA_DIR: data };
    expect((await h.run(['complete', '--max-tokens', '4', 'before'], { env })).code).toBe(0);
    truncateSync(join(data, 'rpv.db'), 3000);
    const r = await h.run(['complete', '--max-tokens', '4', 'after'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rpv: warning: the local record .*rpv\.db cannot be used .*; this job is not recorded$/);
    // Reading commands say it as their error, with no stack trace.
    const log = await h.run(['log'], { env });
    expect(log.code).toBe(1);
    expect(log.stderr).toMatch(/^rpv: the local record .* cannot be used/);
    expect(log.stderr).not.toContain('    at ');
  });

  test('a file that is not a database at all: the same', async () => {
    const ep = h.endpoint();
    const data = ownData('garbage-data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'rpv.db'), 'this is not sqlite '.repeat(500), { mode: 0o600 });
    const r = await h.run(['complete', '--json', '--max-tokens', '4', 'garbage'], {
      env: { ...h.env(ep), RPV_DATA_DIR: data },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('COMPLETED');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  test('a read-only data folder: one warning, the completion succeeds', async () => {
    const ep = h.endpoint();
    const data = ownData('readonly-data');
    mkdirSync(data, { recursive: true });
    // root ignores permission bits; the immutable attribute stops root too.
    const root = process.getuid?.() === 0;
    if (root) execFileSync('chattr', ['+i', data]);
    else chmodSync(data, 0o500);
    try {
      const r = await h.run(['complete', '--max-tokens', '4', 'read-only'], {
        env: { ...h.env(ep), RPV_DATA_DIR: data },
      });
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(1);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^rpv: warning: the local record .* cannot be used/);
      expect(readdirSync(data)).toEqual([]);
    } finally {
      if (root) execFileSync('chattr', ['-i', data]);
      else chmodSync(data, 0o700);
    }
  });
});

describe('privacy switches', () => {
  test('--no-log keeps only what status and cancel need; status <id> still finds the endpoint', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--no-log', '--max-tokens', '4', 'secret prompt'], { env: h.env(ep) });
    expect(r.code).toBe(0);
    const [job] = await logJson(h, ep);
    expect(job).toMatchObject({
      endpoint: ep,
      command: 'complete',
      status: 'COMPLETED',
      prompt: null,
      reply: null,
      queueMs: null,
      executionMs: null,
      tokensOut: null,
    });
    expect(typeof job!.id).toBe('string');
    const file = join(h.home.env.RPV_DATA_DIR!, 'rpv.db');
    expect(
      query(
        file,
        `SELECT count(*) AS n FROM jobs WHERE prompt LIKE '%secret prompt%' OR reply = '${r.stdout.trim().replace(/'/g, "''")}'`,
      ),
    ).toEqual([{ n: 0 }]);
    const later = await h.run(['status', job!.id as string, '--json'], {
      env: { ...h.env('unused'), RUNPOD_ENDPOINT_ID: undefined },
    });
    expect(later.code).toBe(0);
    expect(JSON.parse(later.stdout).id).toBe(job!.id);
  });

  test('log-text false keeps timings but no prompt or reply', async () => {
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_CONFIG_DIR: join(h.home.dir, 'logtext-config') };
    expect((await h.run(['config', 'set', 'log-text', 'false'], { env })).code).toBe(0);
    expect((await h.run(['complete', '--max-tokens', '4', 'private words'], { env })).code).toBe(0);
    const [job] = await logJson(h, ep, [], env);
    expect(job).toMatchObject({ prompt: null, reply: null, status: 'COMPLETED' });
    expect(job!.executionMs).toEqual(expect.any(Number));
    const bad = await h.run(['config', 'set', 'log-text', 'maybe'], { env });
    expect(bad.code).toBe(2);
  });
});

describe('cost', () => {
  test('price x execution time in --json, the stats line, log and stats, always an estimate', async () => {
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_CONFIG_DIR: join(h.home.dir, 'price-config') };
    expect((await h.run(['config', 'set', 'gpu', 'H100'], { env })).code).toBe(0);
    expect((await h.run(['config', 'set', 'gpu-count', '2'], { env })).code).toBe(0);
    const r = await h.run(['complete', '--json', '--max-tokens', '6', 'what does it cost'], { env });
    const obj = JSON.parse(r.stdout);
    const reported = await serviceStatus(h, ep, obj.id, TEST_KEY);
    const want = Math.round(((reported.executionTime as number) / 1000) * 0.00116 * 2 * 1e6) / 1e6;
    expect(obj.costUsd).toBe(want);
    const [job] = await logJson(h, ep, [], env);
    expect(job).toMatchObject({ costUsd: want, costIsEstimate: true });
    const stats = await h.run(['stats', '--json', '--endpoint', ep], { env });
    expect(JSON.parse(stats.stdout).endpoints[0].costUsd).toBe(want);
    const line = await h.run(['complete', '--stats', '--max-tokens', '6', 'cost line'], { env });
    expect(line.stderr).toMatch(/ · ~\$\d+\.\d+ \(estimate\)\n$/);
    const text = await h.run(['stats', '--endpoint', ep], { env });
    expect(text.stdout).toMatch(/cost ~\$\d+\.\d+ \(estimate\)/);
    expect((await h.run(['config', 'set', 'price', '0.0005'], { env })).code).toBe(0);
    const priced = JSON.parse((await h.run(['complete', '--json', '--max-tokens', '3', 'price wins'], { env })).stdout);
    expect(priced.costUsd).toBe(Math.round((priced.timings.executionMs / 1000) * 0.0005 * 1e6) / 1e6);
    const unknown = await h.run(['config', 'set', 'gpu', 'T1000'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('2026-06-08');
  });

  test('no price configured: costUsd is null', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--json', '--max-tokens', '3', 'free?'], { env: h.env(ep) });
    expect(JSON.parse(r.stdout).costUsd).toBeNull();
  });
});

describe('start-up', () => {
  test('--help and --version never load the SQLite binding; rpv log does', async () => {
    // A preload that notes every module request naming libsql (its native binding included).
    const hook = join(h.home.dir, 'libsql-hook.cjs');
    const marks = join(h.home.dir, 'libsql-marks');
    writeFileSync(
      hook,
      `const M = require('module'); const fs = require('fs'); const load = M._load;
       M._load = function (request, ...rest) { if (/libsql/.test(request)) fs.appendFileSync(${JSON.stringify(marks)}, request + '\\n'); return load.call(this, request, ...rest); };`,
    );
    const env = { ...h.env('x'), NODE_OPTIONS: `--require=${hook}` };
    for (const args of [['--help'], ['--version'], ['log', '--help'], ['stats', '--help'], ['complete', '--help']]) {
      const r = await h.run(args, { env });
      expect(r.code, args.join(' ')).toBe(0);
      expect(() => statSync(marks), `rpv ${args.join(' ')} loaded libsql`).toThrow();
    }
    expect((await h.run(['log', '--json'], { env })).code).toBe(0);
    expect(readFileSync(marks, 'utf8')).toMatch(/libsql/);
  });

  test('the build puts the binding in one chunk of its own, loaded by import()', () => {
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
    // src/store/sqlite-binding.ts requires it (createRequire), so the chunk names it in a call
    const importsLibsql = (f: string) => /(from\s*|\(\s*)["']libsql["']/.test(readFileSync(f, 'utf8'));
    expect(importsLibsql(join(dist, 'main.js'))).toBe(false);
    const chunks = readdirSync(join(dist, 'chunks')).filter((f) => importsLibsql(join(dist, 'chunks', f)));
    expect(chunks).toHaveLength(1);
    // The entry reaches that chunk only through import(), never a static import.
    const main = readFileSync(join(dist, 'main.js'), 'utf8');
    expect(main).not.toMatch(new RegExp(`^import[^;]*from\\s*["']\\./chunks/${chunks[0]}["']`, 'm'));
  });
});
