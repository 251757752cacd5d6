// Runs one command and measures it: wall time from spawn to exit, and, through /usr/bin/time
// when it exists, the child's CPU time (user + sys) and peak RSS. Either with stdout piped
// (the bytes it printed are counted) or in a pseudo-terminal (the bytes written to it).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
/** True when CPU time and RSS can be measured. */
export const hasTime = existsSync(TIME);

let counter = 0;

function timed(argv, dir) {
  if (!hasTime) return { file: undefined, argv };
  counter += 1;
  const file = join(dir, `time-${process.pid}-${counter}.txt`);
  return { file, argv: [TIME, '-f', '%e %U %S %M', '-o', file, ...argv] };
}

// GNU time writes "Command exited with non-zero status N" first when the command fails.
function readTime(file) {
  if (!file) return { cpuMs: null, maxRssKb: null };
  try {
    const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
    const [, user, sys, rss] = last.split(' ').map(Number);
    if (![user, sys, rss].every(Number.isFinite)) return { cpuMs: null, maxRssKb: null };
    return { cpuMs: (user + sys) * 1000, maxRssKb: rss };
  } finally {
    rmSync(file, { force: true });
  }
}

function failure(argv, detail) {
  return new Error(`benchmark command failed: ${argv.join(' ')}\n${detail}`);
}

/** Runs `argv` with stdout and stderr piped; rejects on a non-zero exit or after `timeoutMs`. */
export function runPiped(argv, { env, dir, timeoutMs = 60_000 }) {
  const { file, argv: full } = timed(argv, dir);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(full[0], full.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      bytes += chunk.length;
    });
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      const usage = readTime(file);
      if (code !== 0) reject(failure(argv, `exit ${code ?? signal}\n${stderr}`));
      else resolve({ wallMs, bytes, ...usage });
    });
  });
}

/** Runs `argv` in a `cols` x `rows` pseudo-terminal (node-pty), counting the bytes written to it. */
export async function runInPty(argv, { env, dir, cols = 100, rows = 30, timeoutMs = 60_000 }) {
  const pty = await import('node-pty');
  const { file, argv: full } = timed(argv, dir);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const term = pty.spawn(full[0], full.slice(1), { name: 'xterm-256color', cols, rows, env, cwd: process.cwd() });
    let bytes = 0;
    let tail = '';
    term.onData((data) => {
      bytes += Buffer.byteLength(data);
      tail = (tail + data).slice(-2000);
    });
    const timer = setTimeout(() => term.kill('SIGKILL'), timeoutMs);
    term.onExit(({ exitCode, signal }) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      const usage = readTime(file);
      if (exitCode !== 0) reject(failure(argv, `exit ${exitCode} signal ${signal}\n${tail}`));
      else resolve({ wallMs, bytes, ...usage });
    });
  });
}
