// The lock beside a file: taken over from a dead owner, waited for while its owner lives. (That it
// is exclusive between processes is shown by the parallel config-set and chat tests.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockBusyError, withFileLock } from '../../src/core/file-lock.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('withFileLock', () => {
  it('takes over a lock left by a process that no longer exists', () => {
    dir = mkdtempSync(join(tmpdir(), 'rpv-lock-'));
    const file = join(dir, 'f.json');
    writeFileSync(`${file}.lock`, '999999999 0\n');
    expect(withFileLock(file, () => 42)).toBe(42);
  });

  it('waits for a live holder, then gives up with LockBusyError', () => {
    dir = mkdtempSync(join(tmpdir(), 'rpv-lock-'));
    const file = join(dir, 'f.json');
    writeFileSync(`${file}.lock`, `${process.pid} ${Date.now()}\n`);
    expect(() => withFileLock(file, () => 1)).toThrow(LockBusyError);
  }, 20_000);
});
