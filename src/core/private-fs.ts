// File helpers for rpv's own files: folders only the owner can enter (0700), files only the
// owner can read (0600), and whole-file rewrites that never leave a half-written file behind.
import fs from 'node:fs';
import path from 'node:path';

/** Mode of every folder rpv creates. */
const DIR_MODE = 0o700;
/** Mode of every file rpv writes (they may hold a key, prompts or answers). */
const FILE_MODE = 0o600;

function chmodQuietly(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch {
    // Filesystems without POSIX modes (Windows, some mounts) cannot honour this.
  }
}

/**
 * Creates `dir` (and parents) if needed; only the folders created here are made owner-only. An
 * existing folder (or a symlink to one) is the user's: its mode, sticky bit included, is kept.
 */
export function ensurePrivateDir(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  const stop = path.resolve(first);
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    chmodQuietly(p, DIR_MODE);
    if (p === stop || path.dirname(p) === p) break;
  }
}

/** A one-line warning when an existing folder of rpv's lets other users change what is in it. */
export function openFolderWarning(dir: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  let mode: number;
  try {
    mode = fs.statSync(dir).mode & 0o7777;
  } catch {
    return undefined;
  }
  if ((mode & 0o022) === 0) return undefined;
  return `${dir} is accessible to other users (mode ${mode.toString(8)}); rpv's files in it stay private (0600), but a folder of your own is safer`;
}

/** Makes an existing file owner-only; a no-op when it is missing. */
export function makePrivateFile(file: string): void {
  if (fs.existsSync(file)) chmodQuietly(file, FILE_MODE);
}

// A temporary file's name only has to differ from any other writer's at the same moment (the
// pid tells processes apart; this, the threads of one process). Not node:crypto: importing it
// costs every command ~4 ms of start-up.
function uniqueSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** Replaces `file` with `data` through a temporary file and a rename (atomic on one disk). */
export function writeFileAtomic(file: string, data: string): void {
  const dir = path.dirname(file);
  ensurePrivateDir(dir);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${uniqueSuffix()}.tmp`);
  try {
    fs.writeFileSync(temp, data, { mode: FILE_MODE });
    chmodQuietly(temp, FILE_MODE);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

// True when the file exists and its last byte is not a newline (a write was cut short).
function endsMidLine(file: string): boolean | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = fs.fstatSync(fd);
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Throws when `file` exists but is not a regular file: opening a FIFO blocks until a writer
 * comes and /dev/zero never ends, so rpv refuses them instead of hanging.
 */
function refuseSpecialFile(file: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (st.isFile()) return;
  const err = new Error(
    `${file} is not a regular file (a FIFO, device or folder); rpv will not read or write it`,
  ) as NodeJS.ErrnoException;
  err.code = 'ENOTREG';
  throw err;
}

/** Appends a line-oriented `text` to `file` (0600, folder 0700), starting on a fresh line. */
export function appendPrivate(file: string, text: string): void {
  ensurePrivateDir(path.dirname(file));
  refuseSpecialFile(file);
  const midLine = endsMidLine(file);
  fs.appendFileSync(file, midLine === true ? `\n${text}` : text, { mode: FILE_MODE });
  if (midLine === undefined) chmodQuietly(file, FILE_MODE);
}

/** The file's text, or undefined when it does not exist. */
export function readTextIfExists(file: string): string | undefined {
  refuseSpecialFile(file);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
