import { afterAll, describe, expect, it } from 'vitest';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';

const script = `
process.stdout.write('\\u001b[31mready\\u001b[0m ' + process.stdout.columns + 'x' + process.stdout.rows + ' ci=' + ('CI' in process.env) + '\\n');
process.stdin.setRawMode(true);
process.stdin.on('data', (d) => {
  const s = d.toString();
  if (s === '\\u0003') { process.stdout.write('bye\\n'); process.exit(3); }
  process.stdout.write('got:' + JSON.stringify(s) + '\\n');
});
`;

describe('spawnPty', () => {
  let leaked: PtyProcess | undefined;
  afterAll(async () => {
    // the helper's afterEach must have killed the process the second test left running
    if (leaked) expect(await leaked.waitForExit(3000)).toBeGreaterThan(128);
  });

  it('runs a command in a terminal of the given size, types keys and reports the exit code', async () => {
    const p = spawnPty(process.execPath, ['-e', script], { cols: 100, rows: 30, env: { ...process.env, CI: 'true' } });
    const screen = await p.waitFor('ready');
    expect(screen).toContain('ready 100x30 ci=false');
    expect(p.raw()).toContain('\u001b[31m');
    expect(p.screen()).not.toContain('\u001b');
    const mark = p.mark();
    p.write('a');
    await p.waitFor('got:"a"', 5000, mark);
    p.write('\u0003');
    await p.waitFor('bye');
    expect(await p.waitForExit()).toBe(3);
  });

  it('rejects waitFor on timeout with the output so far, and is cleaned up after the test', async () => {
    const p = spawnPty(process.execPath, ['-e', script]);
    await p.waitFor('ready');
    await expect(p.waitFor('never printed', 200)).rejects.toThrow(/timed out after 200 ms[\s\S]*ready/);
    leaked = p;
  });
});
