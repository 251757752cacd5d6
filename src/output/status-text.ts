// `rpv status <id> --text`: only the job's output text, decoded from whichever worker generation
// made it and printed exactly as `complete` prints it in a pipe, so scripts can detach and wait.
import { decodeOutput } from '../core/output-decoder.js';
import { readableError } from '../core/python-repr.js';
import { neutralize } from '../core/sanitize.js';

/** What `--text` puts on stdout (the text) and stderr (why there is none, when the job failed). */
export interface StatusText {
  stdout: string;
  error?: string;
}

/** The text of a status reply: one choice as generated plus a final newline; several, as -n prints them. */
export function statusText(reply: Record<string, unknown>, raw: boolean): StatusText {
  const clean = (t: string): string => (raw ? t : neutralize(t));
  let error = reply.error !== undefined && reply.error !== null ? readableError(reply.error) : undefined;
  if (reply.output === undefined || reply.output === null) return { stdout: '', ...(error ? { error } : {}) };
  const decoded = decodeOutput(reply.output);
  error ??= decoded.error;
  const texts = decoded.texts.map((t) => clean(t ?? ''));
  const stdout = texts.length === 0 ? '' : texts.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('\n');
  return { stdout, ...(error ? { error } : {}) };
}
