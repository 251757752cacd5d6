import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { mapKey, normalizeTyped, type KeyAction } from '../../../src/ui/chat/keymap.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const k = (flags: Partial<Key> = {}): Key => ({ ...NO_KEY, ...flags });
const type = (t: Exclude<KeyAction['type'], 'insert'>) => ({ type: t });

describe('mapKey', () => {
  it.each<[string, string, Key, KeyAction | undefined]>([
    ['Enter submits', '\r', k({ return: true }), type('submit')],
    ['Alt+Enter is a new line', '\r', k({ return: true, meta: true }), type('newline')],
    ['Ctrl-J is a new line', '\n', k(), type('newline')],
    ['a letter is typed', 'a', k(), { type: 'insert', text: 'a' }],
    ['a paste with newlines is inserted, not sent', 'one\r\ntwo\rthree\n', k(), { type: 'insert', text: 'one\ntwo\nthree\n' }],
    ['Ctrl-C interrupts', 'c', k({ ctrl: true }), type('interrupt')],
    ['Ctrl-D is end of input', 'd', k({ ctrl: true }), type('eof')],
    ['Ctrl-A goes home', 'a', k({ ctrl: true }), type('home')],
    ['Ctrl-U kills to the line start', 'u', k({ ctrl: true }), type('kill-start')],
    ['Ctrl-W kills a word', 'w', k({ ctrl: true }), type('kill-word')],
    ['an unbound Ctrl key does nothing', 'g', k({ ctrl: true }), undefined],
    ['Backspace (DEL, reported as delete)', '', k({ delete: true }), type('backspace')],
    ['Ctrl-H', '', k({ backspace: true }), type('backspace')],
    ['Alt+Backspace kills a word', '', k({ delete: true, meta: true }), type('kill-word')],
    ['Up', '', k({ upArrow: true }), type('up')],
    ['Down', '', k({ downArrow: true }), type('down')],
    ['Alt+Left', '', k({ leftArrow: true, meta: true }), type('word-left')],
    ['Ctrl+Right', '', k({ rightArrow: true, ctrl: true }), type('word-right')],
    ['Tab completes', '', k({ tab: true }), type('tab')],
    ['Shift+Tab does nothing', '', k({ tab: true, shift: true }), undefined],
    ['Escape', '', k({ escape: true, meta: true }), type('escape')],
    ['Alt+b', 'b', k({ meta: true }), type('word-left')],
    ['other Alt letters do nothing', 'x', k({ meta: true }), undefined],
    ['an unknown key with no text does nothing', '', k(), undefined],
  ])('%s', (_name, input, key, expected) => {
    expect(mapKey(input, key, false)).toEqual({ action: expected, pasting: false });
  });

  it('inserts everything between the bracketed-paste markers, Enter included', () => {
    expect(mapKey('[200~', k(), false)).toEqual({ pasting: true });
    expect(mapKey('line\rnext', k(), true)).toEqual({ action: { type: 'insert', text: 'line\nnext' }, pasting: true });
    expect(mapKey('\r', k({ return: true }), true)).toEqual({ action: { type: 'insert', text: '\n' }, pasting: true });
    expect(mapKey('', k({ tab: true }), true)).toEqual({ action: { type: 'insert', text: '\t' }, pasting: true });
    expect(mapKey('[201~', k(), true)).toEqual({ pasting: false });
  });

  it('drops control characters from typed text but keeps tabs', () => {
    expect(normalizeTyped('a\u0007b\tc\u001bd\u009be')).toBe('ab\tcde');
  });
});
