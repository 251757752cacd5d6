// An exclusive lock beside a file (`<file>.lock`, created with O_EXCL) for read-modify-write of
// files several rpv processes may change at once: sessions, the config file. A lock whose owner
// died (no such process) or that is older than STALE_MS is taken over, so a SIGKILL never wedges rpv.
import fs from 'node:fs';

const STALE_MS = 30_000;
const WAIT_MS = 10_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ownerGone(lock: string): boolean {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(lock, 'utf8');
    age = Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return false; // vanished meanwhile: just try again
  }
  if (age > STALE_MS) return true;
  const pid = Number(text.split(' ')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return age > 1_000; // half-written by its owner, or junk
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Thrown when another process holds the lock for longer than rpv waits. */
export class LockBusyError extends Error {
  constructor(readonly file: string) {
    super(`another rpv is still changing ${file}; try again`);
    this.name = 'LockBusyError';
  }
}

/** Runs `fn` while holding the lock of `file`; the folder must exist. Waits up to 10 s for another holder. */
export function withFileLock<T>(file: string, fn: () => T): T {
  const release = acquireFileLock(file);
  try {
    return fn();
  } finally {
    release();
  }
}

/** Takes the lock of `file` (for async work in between); call the returned function to let go. */
export function acquireFileLock(file: string): () => void {
  const lock = `${file}.lock`;
  const started = Date.now();
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      const fd = fs.openSync(lock, 'wx', 0o600);
      try {
        fs.writeSync(fd, `${process.pid} ${Date.now()}\n`);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (ownerGone(lock)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() - started > WAIT_MS) throw new LockBusyError(file);
      sleepSync(delay + Math.random() * delay);
    }
  }
  return () => fs.rmSync(lock, { force: true });
}
