// The latency benchmark's fake Runpod endpoint, run inside the bench process so the moment each
// token is produced and the moment a client prints it are read from one clock. It speaks what
// the clients need of the native API (/run, draining long-poll /stream, /status, /cancel,
// /health) with the new worker's output: one SSE string per token. Token k's text is `w<k> `,
// so the bench can tell from a client's stdout when each token arrived.
import { createServer } from 'node:http';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

function sse(obj) {
  return `data: ${JSON.stringify(obj)}\n\n`;
}

function chunk(id, text, finish) {
  return sse({
    id,
    object: 'text_completion',
    created: 0,
    model: 'clock',
    choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
  });
}

/** Starts the service; `tokenMs` apart, each job yields `max_tokens` tokens. */
export async function startClockService({ tokenMs = 5 } = {}) {
  const jobs = new Map();
  let seq = 0;
  let current = null;

  function wake(job) {
    const waiters = job.waiters.splice(0);
    for (const w of waiters) w();
  }

  function produce(job, count, wantsUsage) {
    job.status = 'IN_PROGRESS';
    job.startedAt = performance.now();
    let k = 0;
    const push = (item) => {
      job.pending.push(item);
      job.all.push(item);
    };
    const step = () => {
      if (job.status !== 'IN_PROGRESS') return;
      if (k < count) {
        push(chunk(job.id, `w${k} `, null));
        job.produced[k] = performance.now();
        k += 1;
        wake(job);
        job.timer = setTimeout(step, tokenMs);
        return;
      }
      push(chunk(job.id, '', 'length'));
      if (wantsUsage)
        push(
          sse({
            id: job.id,
            object: 'text_completion',
            choices: [],
            usage: { prompt_tokens: 5, completion_tokens: count, total_tokens: count + 5 },
          }),
        );
      push('data: [DONE]\n\n');
      job.status = 'COMPLETED';
      job.executionMs = Math.round(performance.now() - job.startedAt);
      wake(job);
    };
    job.timer = setTimeout(step, tokenMs);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const parts = url.pathname.split('/').filter(Boolean); // v2, endpoint, route, id
    const route = parts[2];
    const send = (code, body) => {
      const text = JSON.stringify(body);
      res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (route === 'run') {
        const input = JSON.parse(body || '{}').input ?? {};
        const id = `clock-${++seq}`;
        const job = { id, status: 'IN_QUEUE', pending: [], all: [], produced: [], waiters: [], executionMs: 0 };
        jobs.set(id, job);
        current = job;
        const sp = input.sampling_params ?? {};
        produce(job, Number(sp.max_tokens ?? 16), Boolean(sp.stream_options?.include_usage));
        return send(200, { id, status: 'IN_QUEUE' });
      }
      if (route === 'health')
        return send(200, {
          jobs: { completed: 0, failed: 0, inProgress: 0, inQueue: 0, retried: 0 },
          workers: { idle: 1, running: 0 },
        });
      const job = jobs.get(parts[3]);
      if (!job) return send(404, { error: 'job not found' });
      if (route === 'cancel') {
        clearTimeout(job.timer);
        if (!TERMINAL.has(job.status)) job.status = 'CANCELLED';
        wake(job);
        return send(200, { id: job.id, status: job.status });
      }
      if (route === 'status' || route === 'status-sync') {
        const done = job.status === 'COMPLETED';
        return send(200, {
          id: job.id,
          status: job.status,
          delayTime: 0,
          executionTime: job.executionMs,
          workerId: 'clock',
          ...(done ? { output: job.all } : {}),
        });
      }
      if (route === 'stream') {
        const wait = Math.min(Number(url.searchParams.get('wait') ?? 10_000), 10_000);
        const reply = () =>
          send(200, { status: job.status, stream: job.pending.splice(0).map((output) => ({ output })) });
        if (job.pending.length > 0 || TERMINAL.has(job.status)) return reply();
        const timer = setTimeout(() => {
          job.waiters = job.waiters.filter((w) => w !== fire);
          reply();
        }, wait);
        const fire = () => {
          clearTimeout(timer);
          reply();
        };
        job.waiters.push(fire);
        return undefined;
      }
      return send(404, { error: `no route ${route}` });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    /** Production times of the newest job's tokens. */
    lastJob: () => current,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}
