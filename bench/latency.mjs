// Added latency per token: how long after the service produced a token a client has printed
// it. Each client streams one job from the clock service (bench/clock-service.mjs) with stdout
// piped to this process, which notes when each `w<k> ` token arrives on that pipe.
import { spawn } from 'node:child_process';

/** Runs `argv` against `service` once; resolves every token's delay and the first token's. */
export function streamOnce(argv, { env, service, timeoutMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      env: { ...env, RUNPOD_ENDPOINT_BASE_URL: service.baseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const arrived = [];
    let tail = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      const now = performance.now();
      tail += text;
      let m;
      const re = /w(\d+) /g;
      let last = 0;
      while ((m = re.exec(tail)) !== null) {
        arrived[Number(m[1])] = now;
        last = re.lastIndex;
      }
      tail = tail.slice(last);
    });
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${argv.join(' ')} exited ${code}\n${stderr}`));
      const produced = service.lastJob()?.produced ?? [];
      const delays = [];
      for (let k = 0; k < produced.length; k++) {
        if (arrived[k] === undefined) return reject(new Error(`${argv.join(' ')}: token ${k} never printed`));
        delays.push(arrived[k] - produced[k]);
      }
      resolve({ delays, first: delays[0] ?? NaN });
    });
  });
}
