// `npm run demo`: starts the built-in emulator, streams one completion through the built
// `rpv`, shows the job in `rpv status`, stops the emulator and says what to try next. No account
// or network needed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const bin = new URL('../bin/rpv.cjs', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'rpv-demo-'));
const emulator = spawn(
  process.execPath,
  [bin, 'emulate', '--port', '0', '--token-delay', '25ms', '--cold-start', '1500ms', '--quiet'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [baseUrl] = await Promise.race([
  once(createInterface({ input: emulator.stdout }), 'line'),
  once(emulator, 'exit').then(() => {
    throw new Error('the emulator did not start');
  }),
]);

const env = {
  ...process.env,
  RUNPOD_ENDPOINT_BASE_URL: baseUrl,
  RUNPOD_ENDPOINT_ID: 'demo-endpoint',
  RUNPOD_API_KEY: 'demo-key-not-secret',
  RPV_CONFIG_DIR: join(home, 'config'),
  RPV_DATA_DIR: join(home, 'data'),
};
const run = (args) =>
  new Promise((resolve) => {
    process.stderr.write(`\n$ rpv ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit', env });
    child.on('exit', (code) => resolve(code ?? 1));
  });

// Where to go from here: the same emulator by hand, then a real endpoint.
const NEXT = `
What next:
  npm install -g "$(npm pack)"     # install rpv from this clone
  rpv emulate                      # an emulator of your own (another terminal), then:
  export RUNPOD_ENDPOINT_BASE_URL=http://127.0.0.1:8787/v2 RUNPOD_ENDPOINT_ID=demo RUNPOD_API_KEY=any
  rpv chat                         # talk to it; /help lists the chat commands
  rpv complete --json "hi" | jq -r .text   # for scripts
  rpv config set api-key           # your own Runpod endpoint: the key (asked, hidden) ...
  rpv config set endpoint <id>     # ... and the endpoint ID; unset the base URL above first
  rpv --help                       # every command, with examples
`;

let code = 0;
try {
  code = await run(['complete', '--stats', '--max-tokens', '60', 'Tell me about serverless GPUs']);
  if (code === 0) code = await run(['status']);
  if (code === 0) process.stderr.write(NEXT);
} finally {
  emulator.kill('SIGINT');
  await once(emulator, 'exit');
  rmSync(home, { recursive: true, force: true });
}
process.exitCode = code;
