// The plain-text views of `rpv status`: one job's status reply, and the recent jobs of the
// local journal. Everything the service or the journal holds is shown inert.
import { formatDuration } from '../core/duration.js';
import { decodeOutput } from '../core/output-decoder.js';
import { readableError } from '../core/python-repr.js';
import { neutralize, oneLine } from '../core/sanitize.js';

/** The human view of a status reply: aligned fields, then the output text or the error. */
export function formatStatus(reply: Record<string, unknown>, raw: boolean): string {
  // Every field the service sent is shown inert: an escape sequence in it must not reach the terminal.
  const v = (x: unknown): string => oneLine(String(x ?? '?'));
  const lines = [`job      ${v(reply.id)}`, `status   ${v(reply.status)}`];
  if (typeof reply.delayTime === 'number') lines.push(`queue    ${formatDuration(reply.delayTime)}`);
  if (typeof reply.executionTime === 'number') lines.push(`run      ${formatDuration(reply.executionTime)}`);
  if (reply.workerId) lines.push(`worker   ${v(reply.workerId)}`);
  let body = '';
  if (reply.error !== undefined && reply.error !== null) {
    lines.push(`error    ${readableError(reply.error)}`);
  }
  if (reply.output !== undefined && reply.output !== null) {
    const decoded = decodeOutput(reply.output);
    if (decoded.error) lines.push(`error    ${decoded.error}`);
    const usage = decoded.usage;
    if (usage) lines.push(`tokens   ${usage.promptTokens ?? '?'} in / ${usage.completionTokens ?? '?'} out`);
    const texts = decoded.texts.filter((t) => t !== undefined);
    if (texts.length > 0) {
      const joined = texts.length > 1 ? texts.map((t, i) => `[${i}] ${t}`).join('\n\n') : (texts[0] ?? '');
      const clean = raw ? joined : neutralize(joined);
      body = `\n${clean}${clean.endsWith('\n') ? '' : '\n'}`;
    }
  }
  return `${lines.join('\n')}\n${body}`;
}
