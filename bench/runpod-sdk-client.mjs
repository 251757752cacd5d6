// A reference client nobody here wrote: Runpod's own JS SDK (npm runpod-sdk) streaming one
// completion the way its README shows (run, then iterate stream(id)), printing the text.
// Usage: node bench/runpod-sdk-client.mjs <max-tokens> <prompt>   (RUNPOD_* variables as for rpv)
import runpodSdk from 'runpod-sdk';
import { textWriter } from './sse-text.mjs';

const [maxTokens, ...words] = process.argv.slice(2);
const { RUNPOD_ENDPOINT_BASE_URL: baseUrl, RUNPOD_ENDPOINT_ID: endpointId, RUNPOD_API_KEY: key } = process.env;
if (!baseUrl || !endpointId || !key || !maxTokens || words.length === 0) {
  process.stderr.write('usage: node bench/runpod-sdk-client.mjs <max-tokens> <prompt> (RUNPOD_* set)\n');
  process.exit(2);
}
const endpoint = runpodSdk(key, { baseUrl }).endpoint(endpointId);
const write = textWriter((text) => process.stdout.write(text));
const { id } = await endpoint.run({
  input: { prompt: words.join(' '), sampling_params: { max_tokens: Number(maxTokens) }, stream: true },
});
for await (const item of endpoint.stream(id)) write(item.output);
process.stdout.write('\n');
