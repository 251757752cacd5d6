// `npm run demo` (after its build step): the README's first command. It streams a completion
// through the built binary against the emulator, lists the job, leaves no emulator running and
// ends with what to try next.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const DEMO = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url));

test('the demo streams a completion, shows the job and ends with what to try next', { timeout: 40_000 }, async () => {
  const child = spawn(process.execPath, [DEMO], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 35_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  expect(code, stderr).toBe(0);
  expect(stderr).toContain('$ rpv complete --stats');
  expect(stderr).toContain('$ rpv status');
  // The completion's text and the job list both went to stdout.
  expect(stdout.split('\n').filter((l) => l.trim() !== '').length).toBeGreaterThan(2);
  expect(stdout).toMatch(/COMPLETED/);
  const next = stderr.slice(stderr.indexOf('What next:'));
  expect(next).toMatch(/^What next:\n/);
  for (const command of ['rpv emulate', 'rpv chat', 'rpv config set api-key', 'rpv --help'])
    expect(next).toContain(`  ${command}`);
});
