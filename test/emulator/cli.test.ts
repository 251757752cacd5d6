import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseDuration, runEmulateCommand, type EmulateFlags } from '../../src/emulator/cli.js';
import { EmulatorUsageError } from '../../src/emulator/errors.js';
import { parseFaultArg } from '../../src/emulator/faults.js';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, env: {} as NodeJS.ProcessEnv }, out: () => out, err: () => err };
}

async function untilLine(get: () => string): Promise<string> {
  for (let i = 0; i < 200 && !get().includes('\n'); i++) await new Promise((r) => setTimeout(r, 5));
  return get();
}

describe('rpv emulate (runEmulateCommand)', () => {
  it('prints only the base URL on stdout, a banner on stderr, applies flags, and exits 0 on abort', async () => {
    const c = capture();
    c.io.env = { RPV_EMULATOR_KEY: 'cli-secret-value' };
    const ctrl = new AbortController();
    const flags: EmulateFlags = { port: '0', worker: 'legacy', tokenDelay: '5ms', fault: ['429@health:2'] };
    const running = runEmulateCommand(flags, c.io, ctrl.signal);
    const out = await untilLine(c.out);
    expect(out).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\n$/);
    const base = out.trim();
    expect(c.err()).toContain(`export RUNPOD_ENDPOINT_BASE_URL=${base}`);
    expect(c.err()).toMatch(/legacy/);
    expect(c.err()).toMatch(/token delay 5 ms/);
    expect(c.err()).toContain('429@health:2');
    expect(c.err()).not.toContain('cli-secret-value');
    const auth = { authorization: 'Bearer cli-secret-value' };
    expect((await fetch(`${base}/x/health`, { headers: auth })).status).toBe(429);
    expect((await fetch(`${base}/x/health`, { headers: auth })).status).toBe(429);
    expect((await fetch(`${base}/x/health`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/x/health`, { headers: { authorization: 'Bearer other' } })).status).toBe(401);
    expect(c.err()).toMatch(/GET \/v2\/x\/health -> 401/);
    ctrl.abort();
    await expect(running).resolves.toBe(0);
    await expect(fetch(`${base}/x/health`, { headers: auth })).rejects.toThrow();
    expect(c.out().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it.each<[string, EmulateFlags]>([
    ['port', { port: 'abc' }],
    ['port range', { port: '70000' }],
    ['worker', { worker: 'v3' }],
    ['token delay', { tokenDelay: 'fast' }],
    ['cold start', { coldStart: '-1s' }],
    ['fault name', { fault: ['explode'] }],
    ['fault route', { fault: ['429@nowhere'] }],
    ['worker count', { workers: '-1' }],
    ['concurrency', { concurrency: '0' }],
    ['speculative', { speculative: '99' }],
    ['model kind', { modelKind: 'huge' }],
    ['reasoning field', { reasoningField: 'thoughts' }],
    ['rate limit', { rateLimit: 'run=lots' }],
    ['rate limit route', { rateLimit: 'health=1/1s' }],
    ['reply file', { replyFile: '/no/such/file.md' }],
    ['job duration', { jobDuration: 'soon' }],
  ])('rejects a bad %s: exit 2 with one rpv: line, nothing on stdout', async (_what, flags) => {
    const c = capture();
    await expect(runEmulateCommand({ port: '0', ...flags }, c.io, AbortSignal.abort())).resolves.toBe(2);
    expect(c.out()).toBe('');
    expect(c.err()).toMatch(/^rpv: --[a-z-]+[ :].+\n$/);
    expect(c.err()).not.toContain('    at ');
  });

  it('reports a taken port as exit 2 with a hint', async () => {
    const first = capture();
    const ctrl = new AbortController();
    const running = runEmulateCommand({ port: '0' }, first.io, ctrl.signal);
    const port = new URL((await untilLine(first.out)).trim()).port;
    const second = capture();
    await expect(runEmulateCommand({ port }, second.io, AbortSignal.abort())).resolves.toBe(2);
    expect(second.err()).toMatch(/^rpv: cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE\n {2}pick another --port/);
    ctrl.abort();
    await running;
  });
});

describe('flag parsers', () => {
  it('parses durations: units, bare token delay in ms, bare cold start in s', () => {
    expect(parseDuration('--token-delay', '250ms', 'ms')).toBe(250);
    expect(parseDuration('--token-delay', '2s', 'ms')).toBe(2000);
    expect(parseDuration('--token-delay', '15', 'ms')).toBe(15);
    expect(parseDuration('--cold-start', '3', 's')).toBe(3000);
    expect(parseDuration('--cold-start', '1.5m', 's')).toBe(90_000);
  });

  it('parses fault specs name[@route][:count|:inf]', () => {
    expect(parseFaultArg('429')).toEqual({ name: '429', count: 1 });
    expect(parseFaultArg('503:2')).toEqual({ name: '503', count: 2 });
    expect(parseFaultArg('drop-after-drain@stream:1')).toEqual({ name: 'drop-after-drain', route: 'stream', count: 1 });
    expect(parseFaultArg('502-html:inf')).toEqual({ name: '502-html', count: Infinity });
    expect(() => parseFaultArg('429:two')).toThrow(EmulatorUsageError);
  });
});
