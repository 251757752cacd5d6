// The baseline of the `complete` benchmark: the least a script can do to stream one completion
// from a Runpod vLLM endpoint with undici directly, making the same requests as `rpv complete`
// (POST /run, long-poll GET /stream until the job ends, GET /status) and printing the text.
// Usage: node bench/minimal-client.mjs <max-tokens> <prompt>   (RUNPOD_* variables as for rpv)
import { Agent, request } from 'undici';
import { textWriter } from './sse-text.mjs';

const [maxTokens, ...words] = process.argv.slice(2);
const base = process.env.RUNPOD_ENDPOINT_BASE_URL;
const endpoint = process.env.RUNPOD_ENDPOINT_ID;
const key = process.env.RUNPOD_API_KEY;
if (!base || !endpoint || !key || !maxTokens || words.length === 0) {
  process.stderr.write('usage: node bench/minimal-client.mjs <max-tokens> <prompt> (RUNPOD_* set)\n');
  process.exit(2);
}

const agent = new Agent({ keepAliveTimeout: 30_000 });
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

async function call(method, path, body) {
  const res = await request(`${base}/${endpoint}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: agent,
  });
  const reply = await res.body.json();
  if (res.statusCode !== 200) throw new Error(`${method} ${path}: HTTP ${res.statusCode}`);
  return reply;
}

const write = textWriter((text) => process.stdout.write(text));

const prompt = words.join(' ');
const { id } = await call('POST', '/run', {
  input: { prompt, sampling_params: { max_tokens: Number(maxTokens) }, stream: true },
});
let status = 'IN_QUEUE';
while (!TERMINAL.has(status)) {
  const reply = await call('GET', `/stream/${id}?wait=10000`);
  for (const item of reply.stream ?? []) write(item.output);
  status = reply.status;
}
const final = await call('GET', `/status/${id}`);
process.stdout.write('\n');
await agent.close();
if (final.status !== 'COMPLETED') {
  process.stderr.write(`job ${id} ended ${final.status}\n`);
  process.exitCode = 1;
}
