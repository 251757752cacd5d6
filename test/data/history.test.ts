import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, appendHistory, historyFile, loadHistory } from '../../src/data/history.js';

let root: string;
let env: Record<string, string>;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-history-'));
  env = { RPV_DATA_DIR: path.join(root, 'data') };
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('input history', () => {
  it('keeps entries in order, multi-line ones intact, dropping consecutive repeats and blanks', () => {
    for (const entry of ['one', 'one', 'two\nlines', '  ', 'one', 'two\nlines', 'two\nlines'])
      appendHistory(env, entry);
    expect(loadHistory(env)).toEqual(['one', 'two\nlines', 'one', 'two\nlines']);
  });

  it('starts empty and survives corrupt lines', () => {
    expect(loadHistory(env)).toEqual([]);
    appendHistory(env, 'a');
    fs.appendFileSync(historyFile(env), '{broken\n42\n');
    appendHistory(env, 'b');
    expect(loadHistory(env)).toEqual(['a', 'b']);
  });

  it('keeps only the newest entries', () => {
    fs.mkdirSync(path.dirname(historyFile(env)), { recursive: true });
    const entries = Array.from({ length: HISTORY_LIMIT }, (_, i) => `e${i}`);
    fs.writeFileSync(historyFile(env), entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    appendHistory(env, 'latest');
    const loaded = loadHistory(env);
    expect(loaded).toHaveLength(HISTORY_LIMIT);
    expect(loaded[0]).toBe('e1');
    expect(loaded.at(-1)).toBe('latest');
    expect(fs.readFileSync(historyFile(env), 'utf8').trimEnd().split('\n')).toHaveLength(HISTORY_LIMIT);
  });

  it.runIf(process.platform !== 'win32')('is readable by its owner only', () => {
    appendHistory(env, 'private prompt');
    expect(fs.statSync(historyFile(env)).mode & 0o777).toBe(0o600);
  });
});
