import { describe, expect, it } from 'vitest';
import { cannotWrite, fsProblem, fsReason } from '../../src/core/fs-problem.js';

function errno(code: string, path?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: some words, open '${path ?? ''}'`);
  error.code = code;
  if (path) error.path = path;
  return error;
}

describe('fs problems in words', () => {
  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['ENOENT', 'no such folder'],
    ['EISDIR', 'it is a folder'],
    ['ENOSPC', 'the disk is full'],
  ])('%s is "%s"', (code, words) => {
    expect(fsReason(errno(code))).toBe(words);
  });

  it('keeps only the reason of an unknown errno text, and any other message as it is', () => {
    expect(fsReason(errno('EWEIRD'))).toBe('some words');
    expect(fsReason(new Error('the lock is held'))).toBe('the lock is held');
  });

  it('names the file: never the code, the syscall or a stack', () => {
    const line = cannotWrite('/x/notes.md', errno('EACCES', '/x/notes.md'));
    expect(line).toBe('cannot write /x/notes.md: permission denied');
    expect(fsProblem(errno('EROFS', '/ro/s.json'))).toBe('cannot write /ro/s.json: the file system is read-only');
  });
});
