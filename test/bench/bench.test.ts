// `npm run bench` in its quick mode: it runs against the built binary (pretest builds dist/),
// prints one table row per comparison, writes the same rows as JSON, and stops its emulators.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check, formatTable, quantile, summarize, type Check, type Row } from '../../bench/stats.mjs';

const RUN = fileURLToPath(new URL('../../bench/run.mjs', import.meta.url));
const BATCH = fileURLToPath(new URL('../../bench/batch.mjs', import.meta.url));
const hasTime = existsSync('/usr/bin/time');
const dir = mkdtempSync(join(tmpdir(), 'rpv-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBench(args: string[], script = RUN): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function refused(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/x/health`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

describe('bench/run.mjs --quick', () => {
  it(
    'prints the comparisons and target checks, writes them as JSON and leaves no emulator running',
    { timeout: 120_000 },
    async () => {
      const out = join(dir, 'latest.json');
      const { code, stdout, stderr } = await runBench(['--quick', '--out', out]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const header = stdout.split('\n').find((l) => l.startsWith('name'));
      expect(header).toMatch(/name\s+median ms\s+p90 ms\s+baseline median ms\s+ratio\s+target\s+result/);
      const names = [
        'rpv --version vs node -e 0',
        'rpv --help vs node -e 0',
        'rpv status <id> --json vs minimal fetch script',
        'rpv complete, 200 tokens vs minimal undici client',
        'live view in pty 100x30, 20000 tokens vs plain piped',
        'rpv log -n 20 vs node -e 0',
        'cache hit (rpv complete --cache) vs node -e 0',
        'rpv stats over 20000 jobs vs a 1 s budget',
      ];
      const rows = stdout.split('\n').filter((l) => /\b(PASS|MISS)\b/.test(l));
      const checkNames = [
        'recording: rpv complete vs rpv complete --no-log',
        'added latency per token p50 vs minimal script',
        'added latency per token p95 vs minimal script',
        'first token added latency vs minimal script',
        'added latency per token p50 vs runpod-sdk',
        'added latency per token p95 vs runpod-sdk',
        'first token added latency vs runpod-sdk',
        'live view CPU vs plain mode',
        'live view terminal bytes per text byte',
      ];
      const expected = [...names, ...checkNames.filter((n) => hasTime || !n.includes('CPU'))];
      expect(rows).toHaveLength(expected.length);
      rows.forEach((line, i) => expect(line.startsWith(expected[i] ?? '?')).toBe(true));

      const report = JSON.parse(readFileSync(out, 'utf8')) as {
        quick: boolean;
        rows: Row[];
        checks: Check[];
        emulators: string[];
        latency: Record<'rpv' | 'minimal' | 'sdk', { p50: number; p95: number; first: number; tokens: number }>;
      };
      // Every client printed every one of the 200 tokens; delays are real durations.
      for (const client of ['rpv', 'minimal', 'sdk'] as const) {
        expect(report.latency[client].tokens).toBe(200);
        expect(report.latency[client].p50).toBeGreaterThan(0);
        expect(report.latency[client].p95).toBeGreaterThanOrEqual(report.latency[client].p50);
      }
      for (const c of report.checks) expect(c.ratio).toBeCloseTo(c.value / c.reference, 1);
      expect(report.quick).toBe(true);
      expect(report.rows.map((r) => r.name)).toEqual(names);
      for (const row of report.rows) {
        expect(row.medianMs).toBeGreaterThan(0);
        expect(row.p90Ms).toBeGreaterThanOrEqual(row.medianMs);
        expect(row.ratio).toBeCloseTo(row.medianMs / row.baselineMedianMs, 1);
        expect(row.pass).toBe(row.ratio <= row.target);
        expect(stdout).toContain(`${row.ratio.toFixed(2)}x`);
      }
      // The status row's two sides printed the same job; both sides of the `complete` row printed
      // the same text; the live view wrote at least the reply.
      const status = report.rows[2];
      expect(status?.bytes).toBeGreaterThan(100);
      expect(Math.abs((status?.bytes ?? 0) - (status?.baselineBytes ?? 0))).toBeLessThan(200);
      const [, , , complete, live] = report.rows;
      expect(complete?.bytes).toBe(complete?.baselineBytes);
      expect(live?.bytes).toBeGreaterThanOrEqual(live?.baselineBytes ?? Infinity);

      expect(report.emulators).toHaveLength(2);
      for (const url of report.emulators) expect(await refused(url)).toBe(true);
    },
  );
});

describe('bench/batch.mjs --quick', () => {
  it(
    'runs rpv batch and both references against a capacity emulator and reports share, 429s, duplicates, memory',
    { timeout: 120_000 },
    async () => {
      const out = join(dir, 'batch.json');
      const args = ['--quick', '--lines', '60', '--memory-lines', '200', '--out', out];
      const { code, stdout, stderr } = await runBench(args, BATCH);
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/setup\s+client\s+bound\/s\s+req\/s\s+share\s+429s\s+dup\s+RSS MB/);
      for (const client of [
        'rpv batch',
        'rpv batch --concurrency 32',
        'p-limit script, 32 in flight',
        'loop of rpv complete',
      ])
        expect(stdout).toContain(client);
      expect(stdout).toMatch(/memory run: 200 lines, 200 result lines, peak RSS \d+ MB/);
      expect(stdout).toMatch(/PASS {2}rpv batch: duplicate jobs \(every run\): 0/);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      expect(report.quick).toBe(true);
      const rows = report.rows as { client: string; bound: number; rps: number; duplicates: number }[];
      for (const r of rows) {
        expect(r.bound).toBeGreaterThan(0);
        expect(r.rps).toBeGreaterThan(0);
      }
      expect(rows.filter((r) => r.client.startsWith('rpv batch')).every((r) => r.duplicates === 0)).toBe(true);
      expect(report.memory).toMatchObject({ lines: 200, written: 200, duplicates: 0 });
    },
  );
});

describe('bench statistics', () => {
  it('checks a figure against a reference by ratio, by a margin or by a limit', () => {
    expect(check('a', 3, 2, 'ratio', 1.5)).toMatchObject({ ratio: 1.5, pass: true, target: '<= 1.5x' });
    expect(check('b', 3.2, 2, 'ratio', 1.5).pass).toBe(false);
    expect(check('c', 2.9, 2, 'plus', 1).pass).toBe(true);
    expect(check('d', 3.1, 2, 'plus', 1).pass).toBe(false);
    expect(check('e', 1.25, 1, 'at-most', 1.2, 'x').pass).toBe(false);
  });

  it('takes quantiles by nearest rank', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('compares medians against the target and formats an aligned table', () => {
    const sample = (wallMs: number) => ({ wallMs, cpuMs: wallMs / 2, maxRssKb: 40_960, bytes: 10 });
    const row = summarize('x', 1.5, [100, 120, 140].map(sample), [50, 60, 70].map(sample));
    expect(row).toMatchObject({ medianMs: 120, baselineMedianMs: 60, ratio: 2, pass: false, cpuMs: 60, maxRssMb: 40 });
    const text = formatTable([row, { ...row, name: 'longer name', ratio: 1.25, pass: true }]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toMatch(/2\.00x\s+<= 1\.5x\s+MISS/);
    expect(lines[3]).toMatch(/1\.25x\s+<= 1\.5x\s+PASS/);
  });
});
