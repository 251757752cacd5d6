// `npm run bench`: how much rpv costs next to the least that could do the same job, measured
// in one run with interleaved repetitions against local emulators. Prints a table (median,
// p90, baseline, ratio, target, PASS/MISS, plus CPU time, peak RSS and output bytes) and
// writes it as JSON to bench/results/latest.json.
// Flags: --quick (few runs, for the test), --runs N, --live-runs N, --out FILE, --strict
// (exit 1 when a row misses its target), --bin FILE (another build's entry, to compare builds).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startClockService } from './clock-service.mjs';
import { killAllNow, startEmulator, stopAll, waitCompleted } from './emulators.mjs';
import { streamOnce } from './latency.mjs';
import { hasTime, runInPty, runPiped } from './measure.mjs';
import { check, formatChecks, formatTable, latencyOf, quantile, summarize } from './stats.mjs';
import { fillRecord } from './store-fill.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const minimal = join(root, 'bench/minimal-client.mjs');
const sdkClient = join(root, 'bench/runpod-sdk-client.mjs');
const minimalStatus = join(root, 'bench/minimal-status.mjs');
const node = process.execPath;

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
}
const quick = process.argv.includes('--quick');
const runs = Number(option('--runs', quick ? 2 : 25));
const liveRuns = Number(option('--live-runs', quick ? 1 : 9));
const latencyRuns = Number(option('--latency-runs', quick ? 1 : 7));
const LATENCY_TOKENS = '200';
const out = option('--out', join(root, 'bench/results/latest.json'));
const bin = option('--bin', join(root, 'bin/rpv.cjs'));
const LIVE_TOKENS = '20000';
const COMPLETE_TOKENS = '200';
const PROMPT = 'Tell me a long story about GPUs';
/** Jobs in the large record `rpv stats` is measured on (fewer with --quick). */
const STATS_JOBS = quick ? 20_000 : 100_000;

if (!existsSync(join(root, 'dist/main.js')) || !existsSync(bin)) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` first (npm run bench does)\n');
  process.exit(1);
}

// The children see none of the developer's Runpod or rpv settings, and no CI variables: Ink
// treats CI as "not a person" and would draw only the last frame in the terminal run.
function cleanEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(RUNPOD_|RPV_|CI_)/.test(name) || name === 'CI' || name === 'CONTINUOUS_INTEGRATION') delete env[name];
  }
  return env;
}

const home = mkdtempSync(join(tmpdir(), 'rpv-bench-'));
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await stopAll();
  rmSync(home, { recursive: true, force: true });
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(130));
process.once('SIGTERM', () => void shutdown(143));
process.once('exit', killAllNow);

async function main() {
  const base = cleanEnv();
  const openaiUrl = await startEmulator(join(root, 'bin/rpv.cjs'), 'openai', base);
  // The openai generation answers like vLLM, whose toy model has an 8192-token context; the
  // legacy generation has no such limit, so the 20,000-token reply comes from that one.
  const legacyUrl = await startEmulator(join(root, 'bin/rpv.cjs'), 'legacy', base);
  const common = {
    ...base,
    RUNPOD_API_KEY: 'bench-key-not-a-secret',
    RUNPOD_ENDPOINT_ID: 'bench',
    RPV_CONFIG_DIR: join(home, 'config'),
    RPV_DATA_DIR: join(home, 'data'),
  };
  const env = { ...common, RUNPOD_ENDPOINT_BASE_URL: openaiUrl };
  const legacyEnv = { ...common, RUNPOD_ENDPOINT_BASE_URL: legacyUrl };
  // `rpv status` is asked about a finished job that rpv submitted (so it is in the journal).
  const detach = [bin, 'complete', '--detach', '--max-tokens', '64', 'benchmark status'];
  const jobId = execFileSync(node, detach, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  await waitCompleted(openaiUrl, 'bench', common.RUNPOD_API_KEY, jobId);
  const live = [node, bin, 'complete', '--max-tokens', LIVE_TOKENS, PROMPT];
  const opts = { env, dir: home };
  // The cache: one deterministic request answered once, then answered from rpv.db.
  const cached = [bin, 'complete', '--cache', '--temperature', '0', '--max-tokens', '64', 'benchmark cache'];
  execFileSync(node, cached, { env, stdio: 'ignore' });
  // A large record of its own for `rpv stats`.
  const bigEnv = { ...env, RPV_DATA_DIR: join(home, 'big-data') };
  execFileSync(node, [bin, 'log', '--json'], { env: bigEnv, stdio: 'ignore' });
  fillRecord(bigEnv.RPV_DATA_DIR, STATS_JOBS);

  const commands = {
    node: () => runPiped([node, '-e', '0'], opts),
    version: () => runPiped([node, bin, '--version'], opts),
    help: () => runPiped([node, bin, '--help'], opts),
    status: () => runPiped([node, bin, 'status', jobId, '--json'], opts),
    minimalStatus: () => runPiped([node, minimalStatus, jobId], opts),
    complete: () => runPiped([node, bin, 'complete', '--max-tokens', COMPLETE_TOKENS, PROMPT], opts),
    // The same completion with nothing recorded: the difference is what recording costs.
    noLog: () => runPiped([node, bin, 'complete', '--no-log', '--max-tokens', COMPLETE_TOKENS, PROMPT], opts),
    minimal: () => runPiped([node, minimal, COMPLETE_TOKENS, PROMPT], opts),
    livePty: () => runInPty(live, { env: { ...legacyEnv, TERM: 'xterm-256color' }, dir: home, cols: 100, rows: 30 }),
    livePlain: () => runPiped(live, { env: legacyEnv, dir: home }),
    log: () => runPiped([node, bin, 'log', '-n', '20'], opts),
    cacheHit: () => runPiped([node, ...cached], opts),
    stats: () => runPiped([node, bin, 'stats'], { env: bigEnv, dir: home }),
  };
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));

  // One unmeasured round warms the file cache and the emulators (skipped by --quick).
  if (!quick) for (const run of Object.values(commands)) await run();
  const short = [
    'node',
    'version',
    'help',
    'status',
    'minimalStatus',
    'minimal',
    'complete',
    'noLog',
    'log',
    'cacheHit',
    'stats',
  ];
  for (let i = 0; i < Math.max(runs, liveRuns); i++) {
    const names = [...(i < runs ? short : []), ...(i < liveRuns ? ['livePlain', 'livePty'] : [])];
    // Alternate the order so neither side of a pair always runs first.
    if (i % 2 === 1) names.reverse();
    for (const name of names) samples[name].push(await commands[name]());
  }

  // Added latency per token: rpv, the minimal script and runpod-sdk on the clock service,
  // interleaved. The service runs in this process, so production and arrival share one clock.
  const clock = await startClockService({ tokenMs: 5 });
  const latencyArgs = ['--max-tokens', LATENCY_TOKENS, PROMPT];
  const clients = {
    rpv: [node, bin, 'complete', ...latencyArgs],
    minimal: [node, minimal, LATENCY_TOKENS, PROMPT],
    sdk: [node, sdkClient, LATENCY_TOKENS, PROMPT],
  };
  const latency = { rpv: [], minimal: [], sdk: [] };
  try {
    for (let i = 0; i < latencyRuns + (quick ? 0 : 1); i++) {
      const names = i % 2 === 0 ? ['rpv', 'minimal', 'sdk'] : ['sdk', 'minimal', 'rpv'];
      for (const name of names) {
        const run = await streamOnce(clients[name], { env, service: clock });
        if (quick || i > 0) latency[name].push(run);
      }
    }
  } finally {
    await clock.close();
  }
  const lat = Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, latencyOf(v)]));

  const rows = [
    summarize('rpv --version vs node -e 0', 1.1, samples.version, samples.node),
    summarize('rpv --help vs node -e 0', 1.5, samples.help, samples.node),
    summarize('rpv status <id> --json vs minimal fetch script', 1, samples.status, samples.minimalStatus),
    summarize(
      `rpv complete, ${COMPLETE_TOKENS} tokens vs minimal undici client`,
      1.1,
      samples.complete,
      samples.minimal,
    ),
    summarize(`live view in pty 100x30, ${LIVE_TOKENS} tokens vs plain piped`, 1.5, samples.livePty, samples.livePlain),
    summarize('rpv log -n 20 vs node -e 0', 2, samples.log, samples.node),
    summarize('cache hit (rpv complete --cache) vs node -e 0', 1.5, samples.cacheHit, samples.node),
    // An absolute budget: the baseline is one second, so the ratio is the share of it used.
    summarize(`rpv stats over ${STATS_JOBS} jobs vs a 1 s budget`, 1, samples.stats, [
      { wallMs: 1000, cpuMs: null, maxRssKb: null, bytes: null },
    ]),
  ];
  const liveRow = rows[4];
  // Recording's cost: the two completions run side by side in every round, so the median of the
  // paired differences is steadier than a difference of medians.
  const noLogMs = quantile(
    samples.noLog.map((s) => s.wallMs),
    0.5,
  );
  const pairedMs = quantile(
    samples.complete.map((s, i) => s.wallMs - samples.noLog[i].wallMs),
    0.5,
  );
  const checks = [
    check('recording: rpv complete vs rpv complete --no-log', noLogMs + pairedMs, noLogMs, 'plus', 5),
    check('added latency per token p50 vs minimal script', lat.rpv.p50, lat.minimal.p50, 'plus', 0),
    check('added latency per token p95 vs minimal script', lat.rpv.p95, lat.minimal.p95, 'plus', 0),
    check('first token added latency vs minimal script', lat.rpv.first, lat.minimal.first, 'plus', 1),
    check('added latency per token p50 vs runpod-sdk', lat.rpv.p50, lat.sdk.p50, 'plus', 0),
    check('added latency per token p95 vs runpod-sdk', lat.rpv.p95, lat.sdk.p95, 'plus', 0),
    check('first token added latency vs runpod-sdk', lat.rpv.first, lat.sdk.first, 'plus', 1),
    ...(liveRow.cpuMs === null
      ? []
      : [check('live view CPU vs plain mode', liveRow.cpuMs, liveRow.baselineCpuMs, 'ratio', 2)]),
    check('live view terminal bytes per text byte', liveRow.bytes / liveRow.baselineBytes, 1, 'at-most', 1.2, 'x'),
  ];
  const [load1] = loadavg();
  const context =
    `emulators ${openaiUrl} ${legacyUrl}; node ${process.version}, ${cpus().length} CPUs, load ${load1.toFixed(2)}, ${runs} runs (${liveRuns} for the live view)` +
    (hasTime ? '' : '; /usr/bin/time not found: no CPU or RSS figures');
  process.stdout.write(`rpv benchmark: ${context}\n\n${formatTable(rows)}\n${formatChecks(checks)}`);
  process.stdout.write(
    `\nper-token added latency (ms, ${LATENCY_TOKENS} tokens 5 ms apart, ${latencyRuns} runs each): ` +
      Object.entries(lat)
        .map(([k, v]) => `${k} p50 ${v.p50.toFixed(2)} p95 ${v.p95.toFixed(2)} first ${v.first.toFixed(2)}`)
        .join('; ') +
      '\n',
  );
  mkdirSync(dirname(out), { recursive: true });
  const report = {
    emulators: [openaiUrl, legacyUrl],
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: load1,
    quick,
    runs,
    liveRuns,
    latencyRuns,
    rows,
    checks,
    latency: lat,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${out}\n`);
  return process.argv.includes('--strict') && [...rows, ...checks].some((r) => !r.pass) ? 1 : 0;
}

main().then(
  (code) => shutdown(code),
  (err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    return shutdown(1);
  },
);
