// `rpv emulate --host` on anything but loopback serves prompts to the network: it says so on
// stderr before it listens. (The non-loopback case uses an unassigned TEST-NET address, so the
// test never listens beyond loopback: the warning comes first, then the bind fails.)
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runEmulateCommand } from '../../src/emulator/cli.js';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, env: {} as NodeJS.ProcessEnv }, err: () => err };
}

describe('rpv emulate --host', () => {
  it('a non-loopback host is warned about before listening', async () => {
    const c = capture();
    // The emulator reports its own usage errors: exit 2 with one `rpv:` line (the bind fails).
    await expect(runEmulateCommand({ port: '0', host: '192.0.2.1' }, c.io, AbortSignal.abort())).resolves.toBe(2);
    expect(c.err()).toMatch(/^rpv: warning: .*192\.0\.2\.1 .*not loopback.*other machines/m);
    expect(c.err().indexOf('warning')).toBeLessThan(c.err().indexOf('cannot listen'));
  });

  it.each(['127.0.0.1', 'localhost', '::1'])('loopback %s gives no warning', async (host) => {
    const c = capture();
    const code = await runEmulateCommand({ port: '0', host, quiet: true }, c.io, AbortSignal.abort());
    expect(c.err()).not.toMatch(/warning/);
    // 0 when it listened; 2 (cannot listen) where the address family is missing, never a throw.
    expect([0, 2]).toContain(code);
  });
});
