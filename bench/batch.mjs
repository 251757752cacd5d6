// `node bench/batch.mjs`: rpv batch's throughput next to two references, side by side in one run
// against one emulator: a fixed-concurrency script (32 jobs in flight, /run + /status-sync, the
// p-limit pattern) and a loop of `rpv complete` (timed on a sample). Reports requests/s, 429s,
// duplicate jobs (jobs created minus lines), and rpv batch's peak RSS (via /usr/bin/time).
// Flags: --lines N (default 2000), --tokens N (per request, default 10), --token-delay ms
// (default 20), --workers-list "1,2,4,8" (needs an emulator with --workers), --emulator "args".
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/rpv.cjs');
const opt = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
};
const LINES = Number(opt('--lines', 2000));
const TOKENS = Number(opt('--tokens', 10));
const DELAY = Number(opt('--token-delay', 20));
const EXTRA = String(opt('--emulator', '')).split(' ').filter(Boolean);
const help = execFileSync(process.execPath, [bin, 'emulate', '--help'], { encoding: 'utf8' });
const hasCapacity = help.includes('--workers');
const workersList = hasCapacity ? String(opt('--workers-list', '1,2,4,8')).split(',').map(Number) : [undefined];
const home = mkdtempSync(join(tmpdir(), 'rpv-bench-batch-'));
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

async function emulator(workers) {
  const args = [bin, 'emulate', '--port', '0', '-q', '--token-delay', `${DELAY}ms`, ...EXTRA];
  if (workers !== undefined) args.push('--workers', String(workers), '--concurrency', '8');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { child, base: String(line).trim(), url: String(line).trim().replace(/\/v2$/, '') };
}

const env = (base, ep, extra = {}) => ({
  PATH: process.env.PATH,
  HOME: home,
  RUNPOD_API_KEY: 'bench-key',
  RUNPOD_ENDPOINT_ID: ep,
  RUNPOD_ENDPOINT_BASE_URL: base,
  RPV_DATA_DIR: join(home, `data-${ep}`),
  RPV_CONFIG_DIR: join(home, 'cfg'),
  ...extra,
});

async function requestsOn(url, ep) {
  const all = await (await fetch(`${url}/_emulator/requests`)).json();
  const mine = (Array.isArray(all) ? all : (all.requests ?? [])).filter((r) => r.path.startsWith(`/v2/${ep}/`));
  return {
    total: mine.length,
    r429: mine.filter((r) => r.status === 429).length,
    runs: mine.filter((r) => r.route === 'run' && r.status === 200).length,
  };
}

function rpvBatch(base, ep, file, extraArgs) {
  const args = [bin, 'batch', file, '-o', `${file}.${ep}.out`, '--json', '--max-tokens', String(TOKENS), ...extraArgs];
  const cmd = timeBin ? [timeBin, '-f', 'RSS_KB=%M', process.execPath, ...args] : [process.execPath, ...args];
  const t0 = Date.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { env: env(base, ep), encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Date.now() - t0;
  const rss = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { wall, rss, summary: JSON.parse(r.stdout.trim().split('\n').pop() || '{}'), code: r.status };
}

// The reference script: N in flight, each /run then /status-sync until terminal (no rate budget).
async function fixedScript(base, ep, n, inFlight = 32) {
  const headers = { authorization: 'Bearer bench-key', 'content-type': 'application/json' };
  let next = 0;
  const t0 = Date.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const body = JSON.stringify({
        input: { prompt: `bench ${i}`, sampling_params: { max_tokens: TOKENS }, stream: false },
      });
      let id;
      for (;;) {
        const res = await fetch(`${base}/${ep}/run`, { method: 'POST', headers, body });
        if (res.status === 200) {
          id = (await res.json()).id;
          break;
        }
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 250));
      }
      for (;;) {
        const res = await fetch(`${base}/${ep}/status-sync/${id}?wait=60000`, { headers });
        if (res.status !== 200) {
          await res.arrayBuffer();
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        const s = await res.json();
        if (['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'].includes(s.status)) break;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Date.now() - t0;
}

function completeLoop(base, ep, sample) {
  const t0 = Date.now();
  for (let i = 0; i < sample; i++) {
    spawnSync(process.execPath, [bin, 'complete', '--no-stream', '--max-tokens', String(TOKENS), `loop ${i}`], {
      env: env(base, ep),
      stdio: 'ignore',
    });
  }
  return (Date.now() - t0) / sample;
}

const rows = [];
try {
  const file = join(home, 'input.jsonl');
  writeFileSync(
    file,
    Array.from({ length: LINES }, (_, i) => JSON.stringify({ custom_id: `b${i}`, prompt: `bench ${i}` })).join('\n'),
  );
  for (const workers of workersList) {
    const emu = await emulator(workers);
    try {
      const tag = workers === undefined ? 'default' : `${workers}w`;
      const auto = rpvBatch(emu.base, `auto-${tag}`, file, []);
      const autoReq = await requestsOn(emu.url, `auto-${tag}`);
      const fixed = rpvBatch(emu.base, `fixed-${tag}`, file, ['--concurrency', '32']);
      const fixedReq = await requestsOn(emu.url, `fixed-${tag}`);
      const scriptMs = await fixedScript(emu.base, `script-${tag}`, LINES);
      const scriptReq = await requestsOn(emu.url, `script-${tag}`);
      const loopMs = completeLoop(emu.base, `loop-${tag}`, 10);
      const loopReq = await requestsOn(emu.url, `loop-${tag}`);
      const capacity = workers === undefined ? null : (workers * 8 * 1000) / (TOKENS * DELAY);
      const rps = (ms) => Math.round((LINES * 100_000) / ms) / 100;
      rows.push(
        {
          setup: tag,
          client: 'rpv batch (auto)',
          rps: rps(auto.wall),
          capacity,
          r429: autoReq.r429,
          duplicates: autoReq.runs - LINES,
          rssMB: Math.round(auto.rss / 1024),
          exit: auto.code,
        },
        {
          setup: tag,
          client: 'rpv batch --concurrency 32',
          rps: rps(fixed.wall),
          capacity,
          r429: fixedReq.r429,
          duplicates: fixedReq.runs - LINES,
          rssMB: Math.round(fixed.rss / 1024),
          exit: fixed.code,
        },
        {
          setup: tag,
          client: 'script, 32 in flight',
          rps: rps(scriptMs),
          capacity,
          r429: scriptReq.r429,
          duplicates: scriptReq.runs - LINES,
        },
        {
          setup: tag,
          client: 'loop of rpv complete',
          rps: Math.round(100_000 / loopMs) / 100,
          capacity,
          r429: loopReq.r429,
        },
      );
    } finally {
      emu.child.kill('SIGINT');
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
console.table(rows);
if (!hasCapacity)
  console.log('note: this emulator has no --workers; capacity and scaling rows need the capacity emulator');
