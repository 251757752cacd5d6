import { describe, expect, it } from 'vitest';
import { MAX_LIVE_ROWS, splitLimits } from '../../../src/ui/job/state.js';

describe('splitLimits', () => {
  it.each([
    ['a tall terminal keeps only a small tail live', { columns: 100, rows: 60, reservedRows: 4 }, MAX_LIVE_ROWS, 6],
    ['a short one keeps the tail below its height', { columns: 80, rows: 10, reservedRows: 4 }, 5, 2],
    ['a tiny one still keeps one row', { columns: 40, rows: 4, reservedRows: 4 }, 1, 1],
    ['the chat reserves rows for its input box', { columns: 80, rows: 16, reservedRows: 9 }, 6, 3],
  ])('%s', (_name, layout, maxLiveRows, keepRows) => {
    expect(splitLimits(layout)).toEqual({ columns: layout.columns, maxLiveRows, keepRows });
  });
});
