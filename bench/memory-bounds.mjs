#!/usr/bin/env node
// Memory bounds, measured (not asserted in tests): the built rpv against an endless reply body, an
// endless SSE line and endless stdin must stop with its clear error while its peak RSS stays under
// 300 MB. Standalone: `node bench/memory-bounds.mjs` after `npm run build`; prints one line per
// case and exits 1 when a case breaks the bound. Linux only (reads /proc/<pid>/status VmHWM).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/rpv.cjs', import.meta.url));
const LIMIT_MB = 300;

function endlessServer() {
  const server = createServer((req, res) => {
    req.resume();
    const url = req.url ?? '';
    const sse = url.includes('/openai/');
    res.writeHead(200, { 'content-type': sse ? 'text/event-stream' : 'application/json' });
    res.write(sse ? 'data: {"x":"' : '{"workers":{"idle":1},"jobs":{"x":"');
    const block = 'a'.repeat(256 * 1024);
    const pump = () => {
      while (!res.destroyed && res.write(block));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function peakOf(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function measure(name, args, env, feedStdin) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let peak = 0;
    let stderr = '';
    const poll = setInterval(() => (peak = Math.max(peak, peakOf(child.pid))), 20);
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => undefined);
    if (feedStdin) {
      const block = Buffer.alloc(1024 * 1024, 'y');
      const pump = () => {
        while (!child.stdin.destroyed && child.stdin.write(block));
        if (!child.stdin.destroyed) child.stdin.once('drain', pump);
      };
      pump();
    } else child.stdin.end();
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(killer);
      const ok = peak < LIMIT_MB && code !== null && code !== 1 && signal === null;
      resolve({ name, ok, peak, code, line: stderr.split('\n')[0] });
    });
  });
}

const server = await endlessServer();
const base = `http://127.0.0.1:${server.address().port}/v2`;
const env = {
  RUNPOD_API_KEY: 'rpa_bench_memory_key',
  RUNPOD_ENDPOINT_ID: 'ep',
  RUNPOD_ENDPOINT_BASE_URL: base,
  RPV_CONFIG_DIR: '/tmp/rpv-bench-mem/config',
  RPV_DATA_DIR: '/tmp/rpv-bench-mem/data',
};
const results = [
  await measure('endless body (health)', ['health', '--retries', '0'], env, false),
  await measure(
    'endless SSE line (openai)',
    ['complete', '--api', 'openai', '--model', 'm', '--retries', '0', 'hi'],
    env,
    false,
  ),
  await measure('endless stdin', ['complete', 'hi'], env, true),
];
server.closeAllConnections();
server.close();
for (const r of results) {
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(28)} peak RSS ${r.peak.toFixed(0).padStart(4)} MB (limit ${LIMIT_MB})  exit ${r.code}  ${r.line}`,
  );
}
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
