// The one-line timing summary shared by plain mode (`--stats`) and the terminal view.
import type { Timings, Usage } from '../core/events.js';
import { formatDuration } from '../core/duration.js';

/** "queue 1.2s · first token 1.5s · total 3.4s · 12 in / 120 out · 45.1 tok/s · 0 retries". */
export function formatStats(timings: Timings, usage: Usage | undefined, retries: number): string {
  const parts: string[] = [];
  if (timings.queueMs !== undefined) parts.push(`queue ${formatDuration(timings.queueMs)}`);
  if (timings.executionMs !== undefined) parts.push(`execution ${formatDuration(timings.executionMs)}`);
  if (timings.firstTokenMs !== undefined) parts.push(`first token ${formatDuration(timings.firstTokenMs)}`);
  parts.push(`total ${formatDuration(timings.totalMs)}`);
  if (usage && (usage.promptTokens !== undefined || usage.completionTokens !== undefined)) {
    const approx = usage.estimated ? '~' : '';
    parts.push(`${usage.promptTokens ?? '?'} in / ${approx}${usage.completionTokens ?? '?'} out`);
  }
  if (timings.tokensPerSecond !== undefined) parts.push(`${timings.tokensPerSecond.toFixed(1)} tok/s`);
  parts.push(`${retries} ${retries === 1 ? 'retry' : 'retries'}`);
  return parts.join(' · ');
}
