// The status lines under a streaming reply: phase with elapsed time, time to first token and
// tokens/s; then any retry countdown, stall or cold-start hint; at the end, the outcome and the
// stats line.
import { Box, Text } from 'ink';
import {
  formatColdStart,
  formatDuration,
  formatOutcome,
  formatRate,
  formatRetry,
  formatStats,
  wrapAtSeparators,
  type TerminalEvent,
} from './format.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { liveRate, type LivePhase, type LiveState } from './state.js';
import type { Theme } from '../theme.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const PHASE_LABEL: Record<LivePhase, string> = {
  starting: 'submitting',
  submitted: 'submitted',
  queued: 'in queue',
  generating: 'generating',
  done: 'done',
  failed: 'failed',
  cancelled: 'stopped',
};

/** `generating · 3.2 s · first token 0.8 s · 41.0 tok/s` for a running job. */
function runningLine(state: LiveState): string {
  const parts = [PHASE_LABEL[state.phase], formatDuration(state.now - state.startedAt)];
  if (state.firstTokenAt !== undefined)
    parts.push(`first token ${formatDuration(state.firstTokenAt - state.startedAt)}`);
  const rate = liveRate(state);
  if (rate !== undefined) parts.push(formatRate(rate));
  if (state.phase !== 'generating' && state.jobId) parts.push(`job ${state.jobId}`);
  return parts.join(' · ');
}

/** The hint lines of a running job, in display order. */
function hintLines(state: LiveState): { text: string; tone: 'warn' | 'dim' }[] {
  const lines: { text: string; tone: 'warn' | 'dim' }[] = [];
  if (state.retry) lines.push({ text: formatRetry(state.retry, state.retry.until - state.now), tone: 'warn' });
  if (state.stall) {
    lines.push({
      text: `no new output for ${formatDuration(state.stall.idleMs)}; still waiting on the worker`,
      tone: 'warn',
    });
  }
  if (state.workers && state.phase !== 'generating') {
    const hint = formatColdStart(state.workers);
    if (hint) lines.push({ text: hint, tone: 'dim' });
  }
  return lines;
}

function FinalLines({
  event,
  theme,
  showStats,
  columns,
}: {
  event: TerminalEvent;
  theme: Theme;
  showStats: boolean;
  columns: number;
}) {
  const stats = wrapAtSeparators(
    formatStats(
      event.timings,
      event.type === 'done' ? event.usage : undefined,
      event.retries,
      event.type === 'done' ? { cached: event.cached, costUsd: event.costUsd } : {},
    ),
    Math.max(20, columns - 3),
  ).join('\n  ');
  if (event.type === 'done') {
    const note = stopNote(event);
    if (!showStats && !note) return null;
    return (
      <Box flexDirection="column">
        {note ? <Text {...theme.dim}>{note}</Text> : null}
        {showStats ? (
          <Text>
            <Text {...theme.ok}>✓ </Text>
            <Text {...theme.dim}>{stats}</Text>
          </Text>
        ) : null}
      </Box>
    );
  }
  const failed = event.type === 'error';
  const hint = failed ? event.error.hint : undefined;
  return (
    <Box flexDirection="column">
      <Text {...(failed ? theme.error : theme.warn)}>
        {`${failed ? '✗' : '■'} ${sanitizeForTerminal(formatOutcome(event))}`}
      </Text>
      {hint ? <Text {...theme.dim}>{`  ${sanitizeForTerminal(hint)}`}</Text> : null}
      {showStats ? <Text {...theme.dim}>{`  ${stats}`}</Text> : null}
    </Box>
  );
}

/** The last lines of the reasoning, dimmed, while the answer has not started. */
function ReasoningLines({ state, theme }: { state: LiveState; theme: Theme }) {
  if (state.reasoningFolded || state.reasoning.trim() === '') return null;
  const lines = state.reasoning
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-3);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-start" {...theme.dim}>
          {`│ ${line}`}
        </Text>
      ))}
    </Box>
  );
}

/** The dim note under a reply the worker cut short, or cut while still reasoning. */
function stopNote(event: TerminalEvent): string | undefined {
  if (event.type !== 'done' || event.finishReasons?.[0] !== 'length') return undefined;
  if (event.text === '' && (event.reasoning?.[0] ?? '') !== '')
    return 'stopped: max tokens while still reasoning, no answer yet (raise --max-tokens)';
  return 'stopped: max tokens (raise --max-tokens for more)';
}

/** Props of LiveStatus. */
export interface LiveStatusProps {
  state: LiveState;
  theme: Theme;
  showStats: boolean;
}

/** The status block of one job: running line and hints, or the outcome once it ended. */
export function LiveStatus({ state, theme, showStats }: LiveStatusProps) {
  if (state.final)
    return <FinalLines event={state.final} theme={theme} showStats={showStats} columns={state.layout.columns} />;
  const frame = SPINNER[Math.floor((state.now - state.startedAt) / 100) % SPINNER.length] ?? '';
  return (
    <Box flexDirection="column">
      <ReasoningLines state={state} theme={theme} />
      <Text wrap="truncate-end">
        <Text {...theme.accent}>{`${frame} `}</Text>
        <Text {...theme.dim}>{runningLine(state)}</Text>
      </Text>
      {hintLines(state).map((line, i) => (
        <Text key={i} wrap="truncate-end" {...(line.tone === 'warn' ? theme.warn : theme.dim)}>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
