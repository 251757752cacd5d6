// An in-process CliIo for command tests: PassThrough streams whose output is collected.
import { PassThrough, Writable } from 'node:stream';
import type { CliIo } from '../../src/core/io.js';

export interface FakeIo {
  io: CliIo;
  stdin: PassThrough & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: () => string;
  stderr: () => string;
  rawModes: boolean[];
  abort: () => void;
}

export function fakeIo(env: NodeJS.ProcessEnv, options: { stdinIsTTY?: boolean } = {}): FakeIo {
  const stdin = new PassThrough() as FakeIo['stdin'];
  let out = '';
  let err = '';
  const stdout = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
  const stderr = new Writable({ write: (chunk: Buffer, _enc, done) => ((err += chunk.toString()), done()) });
  const rawModes: boolean[] = [];
  const stdinIsTTY = options.stdinIsTTY ?? false;
  if (stdinIsTTY) {
    stdin.isTTY = true;
    stdin.setRawMode = (mode: boolean) => rawModes.push(mode);
  }
  const controller = new AbortController();
  return {
    io: { stdin, stdout, stderr, env, stdoutIsTTY: false, stdinIsTTY, signal: controller.signal },
    stdin,
    stdout: () => out,
    stderr: () => err,
    rawModes,
    abort: () => controller.abort('interrupted'),
  };
}
