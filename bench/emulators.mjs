// The benchmark's endpoints: `rpv emulate` child processes on free loopback ports, with no
// token delay, and a way to wait for the job `rpv status` is asked about. Every process started here is
// stopped by stopAll(), which run.mjs calls on every way out.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const started = new Set();

/** Starts `rpv emulate` (worker generation `worker`, then `extra` options); resolves its base URL (…/v2). */
export async function startEmulator(bin, worker, env, extra = []) {
  const args = [bin, 'emulate', '--port', '0', '--token-delay', '0ms', '--worker', worker, ...extra];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  started.add(child);
  child.once('exit', () => started.delete(child));
  const lines = createInterface({ input: child.stdout });
  const timeout = new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${worker} emulator did not start in 15 s`)), 15_000);
    timer.unref();
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the ${worker} emulator exited (${code}) before listening`);
  });
  const [line] = await Promise.race([once(lines, 'line'), exited, timeout]);
  // Keep draining whatever else it prints so it never blocks on a full pipe.
  lines.on('line', () => undefined);
  return String(line).trim();
}

/** Stops every emulator started here: SIGINT, then SIGKILL after 3 s. */
export async function stopAll() {
  await Promise.all(
    [...started].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    }),
  );
}

/** Kills whatever is still running, synchronously (for process 'exit'). */
export function killAllNow() {
  for (const child of started) child.kill('SIGKILL');
}

/** Waits until job `id` is COMPLETED on the emulator (15 s at most). */
export async function waitCompleted(baseUrl, endpoint, key, id) {
  const headers = { authorization: `Bearer ${key}` };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const status = await (await fetch(`${baseUrl}/${endpoint}/status/${id}`, { headers })).json();
    if (status.status === 'COMPLETED') return;
    if (['FAILED', 'CANCELLED', 'TIMED_OUT'].includes(status.status))
      throw new Error(`benchmark job ${id} ended ${status.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`benchmark job ${id} did not complete in 15 s`);
}
