// The record's views for people: the stats sentence, the sparkline, previews and the JSON of
// one job (every field present, null when unknown, never libsql's _metadata).
import { describe, expect, test } from 'vitest';
import { jobJson } from '../../src/output/log-view.js';
import { preview, promptText, sparkline } from '../../src/output/record-format.js';
import { statsSentence } from '../../src/output/stats-view.js';
import type { EndpointStats } from '../../src/store/stats.js';

const stats = (over: Partial<EndpointStats>): EndpointStats => ({
  endpoint: 'ep',
  jobs: 20,
  failed: 0,
  cancelled: 0,
  coldStarts: 4,
  queueMs: { p50: 41000, p95: 50000, max: 52000 },
  firstTokenMs: { p50: null, p95: null, max: null },
  executionMs: { p50: null, p95: null, max: null },
  totalMs: { p50: null, p95: null, max: null },
  tokensPerSecond: { p50: null },
  costUsd: null,
  totals: [],
  ...over,
});

describe('statsSentence', () => {
  test('says how many waited for a cold worker and the median queue', () => {
    expect(statsSentence(stats({}))).toBe('4 of 20 jobs waited for a cold worker; median queue 41.0s.');
    expect(statsSentence(stats({ coldStarts: 0, jobs: 1, queueMs: { p50: 800, p95: 800, max: 800 } }))).toBe(
      'None of 1 job waited for a cold worker; median queue 800ms.',
    );
    expect(statsSentence(stats({ failed: 2 }))).toBe(
      '4 of 20 jobs waited for a cold worker; median queue 41.0s; 2 failed.',
    );
  });
});

describe('sparkline', () => {
  test('lowest to highest bar; buckets keep their maximum', () => {
    expect(sparkline([1, 8])).toBe('▁█');
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([1, 100, 1, 1], 2)).toBe('█▁');
    expect(sparkline([])).toBe('');
  });
});

describe('previews', () => {
  test('one line, control characters visible, cut with an ellipsis', () => {
    expect(preview('a\n b\u001b[31m', 40)).toBe('a b␛[31m');
    expect(preview('abcdefghij', 5)).toBe('abcd…');
    expect(
      promptText(
        JSON.stringify([
          { role: 'system', content: 's' },
          { role: 'user', content: 'last question' },
        ]),
      ),
    ).toBe('last question');
    expect(promptText('[not json')).toBe('[not json');
  });
});

describe('jobJson', () => {
  test('every field, null when unknown', () => {
    const json = jobJson({
      rowId: 3,
      endpoint: 'ep',
      command: 'complete',
      submittedAt: '2026-12-01T00:00:00.000Z',
      status: 'COMPLETED',
    });
    expect(json).toMatchObject({
      row: 3,
      id: null,
      queueMs: null,
      costUsd: null,
      costIsEstimate: true,
      cached: false,
      prompt: null,
    });
    expect(Object.keys(json)).not.toContain('_metadata');
    expect(Object.values(json).every((v) => v !== undefined)).toBe(true);
  });
});
