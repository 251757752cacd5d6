// File-system failures in words: "cannot write /x/notes.md: permission denied", never the raw
// `EACCES: permission denied, open '/x/notes.md'` text or a stack.

const PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  ENOENT: 'no such folder',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
};

/** The reason of a failed file operation, in words; the message itself for anything else. */
export function fsReason(error: unknown): string {
  const err = error as NodeJS.ErrnoException | undefined;
  const known = err?.code === undefined ? undefined : PROBLEMS[err.code];
  if (known) return known;
  const text = error instanceof Error ? error.message : String(error);
  // Node's own form is "CODE: reason, syscall 'path'": keep only the reason.
  const match = /^E[A-Z]+: ([^,]+)/.exec(text);
  return match?.[1] ?? text;
}

/** One line for a failed write of `file`: `cannot write <file>: <reason>`. */
export function cannotWrite(file: string, error: unknown): string {
  return `cannot write ${file}: ${fsReason(error)}`;
}

/** One line for any failed file operation; names the path the system reported, when there is one. */
export function fsProblem(error: unknown): string {
  const path = (error as NodeJS.ErrnoException | undefined)?.path;
  return typeof path === 'string' ? cannotWrite(path, error) : fsReason(error);
}
