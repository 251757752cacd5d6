// Reads an API key without it touching argv, the screen or shell history: hidden input on a
// terminal, or the whole of stdin when it is piped.
import { StringDecoder } from 'node:string_decoder';
import type { CliIo } from '../core/io.js';
import { InterruptedError } from '../core/errors.js';

// Cursor keys and other escape sequences typed at the prompt are not part of a key.
const ESCAPE_SEQUENCE = /\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;

/** Asks on stderr with `label` and collects one line in raw mode, echoing nothing. */
function promptHidden(io: CliIo, label: string): Promise<string> {
  const { stdin, stderr, signal } = io;
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const decoder = new StringDecoder('utf8');
    let settled = false;

    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      signal.removeEventListener('abort', onAbort);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error === undefined) resolve(typed);
      else reject(error);
    };
    const onAbort = (): void => finish(new InterruptedError());
    const onEnd = (): void => finish(undefined);
    const onData = (chunk: Buffer | string): void => {
      const decoded = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const text = decoded.replace(ESCAPE_SEQUENCE, '');
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(undefined);
        if (ch === '\u0003') return finish(new InterruptedError());
        if (ch === '\u007f' || ch === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else if (ch === '\u0015') typed = '';
        else if (ch >= ' ') typed += ch;
      }
    };

    if (signal.aborted) {
      reject(new InterruptedError());
      return;
    }
    // Raw mode first: a key typed the moment the prompt appears must not be echoed.
    stdin.setRawMode?.(true);
    stderr.write(label);
    signal.addEventListener('abort', onAbort, { once: true });
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/** The whole of a piped stdin, trimmed. */
async function readAllStdin(io: CliIo): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of io.stdin) {
    if (io.signal.aborted) throw new InterruptedError();
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(parts).toString('utf8').trim();
}

/** The key from a hidden prompt (terminal) or from stdin (pipe). */
export function readSecret(io: CliIo, label: string): Promise<string> {
  return io.stdinIsTTY ? promptHidden(io, label) : readAllStdin(io);
}
