// `npm run bench:batch`: rpv batch against emulated endpoints of fixed capacity (W workers x 8 jobs
// at once, every job 200 ms, Runpod's per-endpoint rate limits), side by side in one run with two
// references on the same emulator: a fixed-concurrency script (p-limit, 32 in flight, /run then
// /status-sync, retrying a 429 after 250 ms) and a loop of `rpv complete` (timed on a sample).
// The bound of a setup is what the endpoint can take: min(W x 8 / 0.2 s, /run's 1000 per 10 s).
// Reported per client: requests/s, share of the bound, 429s, duplicate jobs (jobs the emulator
// created minus lines) and rpv's peak RSS; then how throughput grows with workers (1, 2, 4, 8),
// a setup whose real limit is a quarter of the documented one (rpv learns it from the 429s), and
// peak memory on a 100,000-line input. Writes bench/results/batch.json.
// Flags: --lines N (default 2000), --memory-lines N (default 100000; 0 skips; at Runpod's /run
// limit this part alone takes about 18 min), --workers-list "1,2,4,8", --quick (a small run for
// the test), --out FILE.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { killAllNow, startEmulator, stopAll } from './emulators.mjs';
import { hasTime } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/rpv.cjs');
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
};
const quick = process.argv.includes('--quick');
const LINES = Number(option('--lines', quick ? 150 : 2000));
const MEMORY_LINES = Number(option('--memory-lines', quick ? 1000 : 100_000));
const WORKERS = String(option('--workers-list', quick ? '2' : '1,2,4,8'))
  .split(',')
  .map(Number);
const MAIN_WORKERS = WORKERS.includes(4) ? 4 : WORKERS[WORKERS.length - 1];
const LOOP_SAMPLE = quick ? 3 : 20;
const PER_WORKER = 8;
const JOB_MS = 200;
const TOKENS = 8;
/** Runpod's documented /run limit per endpoint: 1000 per 10 s. */
const RUN_LIMIT_PER_S = 100;
const TARGET = 0.9;
const MEMORY_LIMIT_MB = 150;
const out = option('--out', join(root, 'bench/results/batch.json'));
const home = mkdtempSync(join(tmpdir(), 'rpv-bench-batch-'));
const KEY = 'bench-key-not-a-secret';

function cleanEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(RUNPOD_|RPV_)/.test(name) || name === 'CI') delete env[name];
  return env;
}

async function emulator(workers, rateLimit) {
  const args = ['--workers', String(workers), '--concurrency', String(PER_WORKER), '--job-duration', `${JOB_MS}ms`];
  args.push('--rate-limit', rateLimit, '--idle-timeout', '60s', '-q');
  const base = await startEmulator(bin, 'openai', cleanEnv(), args);
  return { base, url: base.replace(/\/v2$/, '') };
}

const envFor = (base, ep) => ({
  ...cleanEnv(),
  HOME: home,
  RUNPOD_API_KEY: KEY,
  RUNPOD_ENDPOINT_ID: ep,
  RUNPOD_ENDPOINT_BASE_URL: base,
  RPV_DATA_DIR: join(home, `data-${ep}`),
  RPV_CONFIG_DIR: join(home, 'config'),
});

/** What the emulator saw of one endpoint: 429s and the jobs it created. */
async function seen(url, ep) {
  const list = (v, key) => (Array.isArray(v) ? v : (v[key] ?? []));
  const requests = list(await (await fetch(`${url}/_emulator/requests`)).json(), 'requests');
  const jobs = list(await (await fetch(`${url}/_emulator/jobs`)).json(), 'jobs');
  const mine = requests.filter((r) => r.path.startsWith(`/v2/${ep}/`));
  return {
    r429: mine.filter((r) => r.status === 429).length,
    requests: mine.length,
    jobs: jobs.filter((j) => j.endpointId === ep).length,
  };
}

function writeInput(lines) {
  const file = join(home, `input-${lines}.jsonl`);
  const text = [];
  for (let i = 0; i < lines; i++) text.push(JSON.stringify({ custom_id: `b${i}`, prompt: `bench line ${i}` }));
  writeFileSync(file, `${text.join('\n')}\n`);
  return file;
}

/**
 * Runs a command to its end without blocking this process (a blocked event loop would miss the
 * emulator closing idle keep-alive connections, and the next control request would hit one).
 */
function run(argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** One `rpv batch` run; wall time, peak RSS (through /usr/bin/time) and its --json summary. */
async function rpvBatch(base, ep, file, extra = []) {
  const out = `${file}.${ep}.out`;
  const args = [bin, 'batch', file, '-o', out, '--json', '-q', '--max-tokens', String(TOKENS), ...extra];
  const argv = hasTime ? ['/usr/bin/time', '-f', 'RSS_KB=%M', process.execPath, ...args] : [process.execPath, ...args];
  const t0 = performance.now();
  const r = await run(argv, envFor(base, ep));
  const wallMs = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`rpv batch exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const rssKb = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop());
  const written = readFileSync(out, 'utf8').trim().split('\n').length;
  return { wallMs, rssMb: Number.isFinite(rssKb) ? Math.round(rssKb / 1024) : null, summary, written };
}

/** The reference script: p-limit with 32 in flight, each /run then /status-sync until it ends. */
async function pLimitScript(base, ep, lines, inFlight = 32) {
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const pause = () => new Promise((r) => setTimeout(r, 250));
  const one = async (i) => {
    const body = JSON.stringify({
      input: { prompt: `bench line ${i}`, sampling_params: { max_tokens: TOKENS } },
    });
    let id;
    for (;;) {
      const res = await fetch(`${base}/${ep}/run`, { method: 'POST', headers, body });
      if (res.ok) {
        id = (await res.json()).id;
        break;
      }
      await res.arrayBuffer();
      await pause();
    }
    for (;;) {
      const res = await fetch(`${base}/${ep}/status-sync/${id}?wait=60000`, { headers });
      if (!res.ok) {
        await res.arrayBuffer();
        await pause();
        continue;
      }
      const s = await res.json();
      if (['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'].includes(s.status)) return;
    }
  };
  const limit = pLimit(inFlight);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: lines }, (_, i) => limit(() => one(i))));
  return performance.now() - t0;
}

/** A loop of `rpv complete --no-stream`: milliseconds per request over a sample. */
async function completeLoop(base, ep, sample) {
  const t0 = performance.now();
  for (let i = 0; i < sample; i++) {
    const argv = [process.execPath, bin, 'complete', '--no-stream', '--max-tokens', String(TOKENS), `bench line ${i}`];
    const r = await run(argv, envFor(base, ep));
    if (r.status !== 0) throw new Error(`rpv complete exited ${r.status}: ${r.stderr.trim()}`);
  }
  return (performance.now() - t0) / sample;
}

const boundOf = (workers, runLimitPerS = RUN_LIMIT_PER_S) =>
  Math.min((workers * PER_WORKER * 1000) / JOB_MS, runLimitPerS);
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function row(setup, client, bound, rps, s, extra = {}) {
  return {
    setup,
    client,
    bound,
    rps: round(rps),
    share: round(rps / bound, 3),
    r429: s.r429,
    duplicates: s.jobs - (extra.lines ?? LINES),
    ...extra,
  };
}

async function main() {
  const rows = [];
  const file = writeInput(LINES);
  for (const workers of WORKERS) {
    const emu = await emulator(workers, 'runpod');
    const setup = `${workers} workers x ${PER_WORKER}, ${JOB_MS} ms jobs, Runpod limits`;
    const bound = boundOf(workers);
    const ep = `batch-${workers}w`;
    const b = await rpvBatch(emu.base, ep, file);
    rows.push(row(setup, 'rpv batch', bound, (LINES * 1000) / b.wallMs, await seen(emu.url, ep), { rssMb: b.rssMb }));
    if (workers === MAIN_WORKERS) {
      const fixedEp = `fixed-${workers}w`;
      const f = await rpvBatch(emu.base, fixedEp, file, ['--concurrency', '32']);
      const fixedSeen = await seen(emu.url, fixedEp);
      rows.push(
        row(setup, 'rpv batch --concurrency 32', bound, (LINES * 1000) / f.wallMs, fixedSeen, { rssMb: f.rssMb }),
      );
      const scriptEp = `script-${workers}w`;
      const scriptMs = await pLimitScript(emu.base, scriptEp, LINES);
      rows.push(
        row(setup, 'p-limit script, 32 in flight', bound, (LINES * 1000) / scriptMs, await seen(emu.url, scriptEp)),
      );
      const loopEp = `loop-${workers}w`;
      const perJob = await completeLoop(emu.base, loopEp, LOOP_SAMPLE);
      rows.push(
        row(setup, `loop of rpv complete (${LOOP_SAMPLE} timed)`, bound, 1000 / perJob, await seen(emu.url, loopEp), {
          lines: LOOP_SAMPLE,
        }),
      );
    }
    await stopAll();
  }

  // An endpoint whose real limits are a quarter of the documented ones: only 429s tell.
  const tight = await emulator(MAIN_WORKERS, 'runpod/4');
  const tightSetup = `${MAIN_WORKERS} workers x ${PER_WORKER}, ${JOB_MS} ms jobs, limits / 4`;
  const tightBound = boundOf(MAIN_WORKERS, RUN_LIMIT_PER_S / 4);
  const tightFile = writeInput(Math.ceil(LINES / 2));
  const tightLines = Math.ceil(LINES / 2);
  const t = await rpvBatch(tight.base, 'tight-rpv', tightFile);
  rows.push(
    row(tightSetup, 'rpv batch', tightBound, (tightLines * 1000) / t.wallMs, await seen(tight.url, 'tight-rpv'), {
      lines: tightLines,
      rssMb: t.rssMb,
    }),
  );
  const ts = await pLimitScript(tight.base, 'tight-script', tightLines);
  rows.push(
    row(
      tightSetup,
      'p-limit script, 32 in flight',
      tightBound,
      (tightLines * 1000) / ts,
      await seen(tight.url, 'tight-script'),
      {
        lines: tightLines,
      },
    ),
  );
  await stopAll();

  let memory = null;
  if (MEMORY_LINES > 0) {
    const emu = await emulator(8, 'runpod');
    const big = writeInput(MEMORY_LINES);
    process.stderr.write(
      `bench:batch: ${MEMORY_LINES} lines for the memory run (about ${Math.ceil(MEMORY_LINES / 95 / 60)} min)\n`,
    );
    const m = await rpvBatch(emu.base, 'memory', big);
    const s = await seen(emu.url, 'memory');
    memory = {
      lines: MEMORY_LINES,
      written: m.written,
      rssMb: m.rssMb,
      rps: round((MEMORY_LINES * 1000) / m.wallMs),
      duplicates: s.jobs - MEMORY_LINES,
      // the emulator keeps only its last 10,000 requests: rpv's own count of 429s
      r429: m.summary.rateLimited,
    };
    await stopAll();
  }

  const main4 = rows.find((r) => r.client === 'rpv batch' && r.setup.startsWith(`${MAIN_WORKERS} workers`));
  const checks = [
    {
      name: `rpv batch, ${MAIN_WORKERS} workers: share of the capacity bound`,
      value: main4.share,
      target: `>= ${TARGET}`,
      pass: main4.share >= TARGET,
    },
    ...rows
      .filter((r) => r.client === 'rpv batch' && r !== main4 && !r.setup.includes('/ 4'))
      .map((r) => ({
        name: `rpv batch, ${r.setup.split(',')[0]}: share of the bound`,
        value: r.share,
        target: `>= ${TARGET}`,
        pass: r.share >= TARGET,
      })),
    {
      name: 'rpv batch: duplicate jobs (every run)',
      value:
        rows.filter((r) => r.client.startsWith('rpv batch')).reduce((n, r) => n + r.duplicates, 0) +
        (memory?.duplicates ?? 0),
      target: '0',
      pass:
        rows.filter((r) => r.client.startsWith('rpv batch')).every((r) => r.duplicates === 0) &&
        (memory?.duplicates ?? 0) === 0,
    },
    ...(memory
      ? [
          {
            name: `rpv batch, ${memory.lines} lines: peak RSS (MB)`,
            value: memory.rssMb,
            target: `<= ${MEMORY_LIMIT_MB}`,
            pass: memory.rssMb !== null && memory.rssMb <= MEMORY_LIMIT_MB && memory.written === memory.lines,
          },
        ]
      : []),
  ];

  const [load1] = loadavg();
  const context = `node ${process.version}, ${cpus().length} CPUs, load ${load1.toFixed(2)}, ${LINES} lines per run`;
  process.stdout.write(`rpv batch benchmark: ${context}\n\n`);
  const head = ['setup', 'client', 'bound/s', 'req/s', 'share', '429s', 'dup', 'RSS MB'];
  const table = [
    head,
    ...rows.map((r) => [
      r.setup,
      r.client,
      r.bound,
      r.rps,
      `${Math.round(r.share * 100)}%`,
      r.r429,
      r.duplicates,
      r.rssMb ?? '',
    ]),
  ];
  const widths = head.map((_, i) => Math.max(...table.map((t) => String(t[i]).length)));
  for (const t of table) process.stdout.write(`${t.map((c, i) => String(c).padEnd(widths[i])).join('  ')}\n`);
  if (memory)
    process.stdout.write(
      `\nmemory run: ${memory.lines} lines, ${memory.written} result lines, peak RSS ${memory.rssMb} MB, ${memory.rps} req/s, ${memory.r429} 429s\n`,
    );
  process.stdout.write('\n');
  for (const c of checks)
    process.stdout.write(`${c.pass ? 'PASS' : 'MISS'}  ${c.name}: ${c.value} (target ${c.target})\n`);
  mkdirSync(dirname(out), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: load1,
    quick,
    lines: LINES,
    rows,
    memory,
    checks,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${out}\n`);
  return process.argv.includes('--strict') && checks.some((c) => !c.pass) ? 1 : 0;
}

process.once('exit', killAllNow);
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
main().then(
  async (code) => {
    await stopAll();
    rmSync(home, { recursive: true, force: true });
    process.exit(code);
  },
  async (err) => {
    const cause = err instanceof Error && err.cause ? ` (${String(err.cause?.message ?? err.cause)})` : '';
    process.stderr.write(`bench:batch: ${err instanceof Error ? err.stack : String(err)}${cause}\n`);
    await stopAll();
    rmSync(home, { recursive: true, force: true });
    process.exit(1);
  },
);
