// The baseline of the `rpv status <id> --json` benchmark: the minimal fetch script, the least a
// script can do to print one job's status from a Runpod endpoint (one GET /status with node's
// own fetch, the reply printed as JSON).
// Usage: node bench/minimal-status.mjs <job-id>   (RUNPOD_* variables as for rpv)
const [id] = process.argv.slice(2);
const base = process.env.RUNPOD_ENDPOINT_BASE_URL;
const endpoint = process.env.RUNPOD_ENDPOINT_ID;
const key = process.env.RUNPOD_API_KEY;
if (!base || !endpoint || !key || !id) {
  process.stderr.write('usage: node bench/minimal-status.mjs <job-id> (RUNPOD_* set)\n');
  process.exit(2);
}

const res = await fetch(`${base}/${endpoint}/status/${id}`, { headers: { authorization: `Bearer ${key}` } });
const reply = await res.json();
if (res.status !== 200) {
  process.stderr.write(`GET /status: HTTP ${res.status}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(reply)}\n`);
