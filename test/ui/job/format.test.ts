import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../src/core/errors.js';
import {
  formatColdStart,
  formatCountdown,
  formatOutcome,
  formatRetry,
  formatStats,
  formatTokens,
  wrapAtSeparators,
} from '../../../src/ui/job/format.js';
import { ev } from '../fixtures.js';

describe('format', () => {
  it('counts a retry down in tenths and says when it is retrying', () => {
    const retry = { reason: 'rate limited (429)', retry: 2, maxRetries: 4 };
    expect(formatRetry(retry, 1200)).toBe('rate limited (429), retry 2/4 in 1.2s');
    expect(formatRetry(retry, 40)).toBe('rate limited (429), retry 2/4 in 40ms');
    expect(formatRetry(retry, 0)).toBe('rate limited (429), retrying 2/4');
    expect(formatCountdown(-100)).toBe('0.0s');
  });

  it('hints at a cold start only when no worker is up', () => {
    expect(formatColdStart({ idle: 0, running: 0, initializing: 2 })).toMatch(
      /no worker is running \(2 initializing\).*cold start/,
    );
    expect(formatColdStart({ idle: 0, running: 0, initializing: 0 })).toMatch(/^no worker is running: /);
    expect(formatColdStart({ idle: 1, running: 0, initializing: 0 })).toBeUndefined();
    expect(formatColdStart({ idle: 0, running: 1, initializing: 0 })).toBeUndefined();
  });

  it('writes the stats line from timings, usage and retries', () => {
    const done = ev.done('x');
    expect(formatStats(done.timings, done.usage, 2)).toBe(
      'queue 1.1s · exec 2.9s · first token 1.5s · total 2.0s · 12 in / 34 out · 88.2 tok/s · 2 retries',
    );
    expect(formatStats({ totalMs: 300 }, undefined, 1)).toBe('total 300ms · 1 retry');
  });

  it.each([
    [{ promptTokens: 3, completionTokens: 4 }, '3 in / 4 out'],
    [{ completionTokens: 9, estimated: true }, '~9 tokens out'],
    [{ promptTokens: 5 }, '5 tokens in'],
    [{}, undefined],
  ])('formatTokens(%j)', (usage, text) => {
    expect(formatTokens(usage)).toBe(text);
  });

  it('names the job in the outcome line', () => {
    expect(formatOutcome(ev.done('x'))).toBe('done (job job-1)');
    expect(formatOutcome(ev.cancelled())).toBe('stopped (interrupted) (job job-1)');
    expect(formatOutcome({ ...ev.cancelled(), confirmed: false })).toBe(
      'stopped (interrupted, cancel not confirmed) (job job-1)',
    );
    expect(formatOutcome(ev.error('out of memory'))).toBe('error: out of memory (job job-1)');
    const plain = { ...ev.error(), jobId: undefined, error: new ServiceUnavailableError('service unavailable') };
    expect(formatOutcome(plain)).toBe('error: service unavailable');
  });
});

describe('wrapAtSeparators', () => {
  it.each([
    ['a · bb · ccc', 80, ['a · bb · ccc']],
    ['a · bb · ccc', 6, ['a · bb', 'ccc']],
    ['a · bb · ccc', 3, ['a', 'bb', 'ccc']],
    ['longer-than-width · x', 4, ['longer-than-width', 'x']],
    ['', 10, []],
  ])('wraps %j at %d columns', (text, width, lines) => {
    expect(wrapAtSeparators(text, width)).toEqual(lines);
  });
});
