// One process per batch: two runs of the same batch at once would submit the same lines twice.
// A lock file holding the owner's PID; a lock left by a dead process is taken over.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the batch's lock; returns its release. Throws UsageError when another live process holds it. */
export function lockBatch(dataDir: string, batchId: string): () => void {
  const file = path.join(dataDir, `batch-${batchId}.lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new UsageError(`this batch is already running (process ${owner})`, {
        hint: 'wait for it, or stop it with Ctrl-C; running it twice would submit lines twice',
      });
    }
    fs.rmSync(file, { force: true });
  }
  throw new UsageError('could not lock the batch (its lock file keeps reappearing)');
}
