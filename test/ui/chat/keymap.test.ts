import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { mapInput, mapKey, normalizeTyped, type KeyAction, type MappedInput } from '../../../src/ui/chat/keymap.js';

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
    [
      'a paste with newlines is inserted, not sent',
      'one\r\ntwo\rthree\n',
      k(),
      { type: 'insert', text: 'one\ntwo\nthree\n' },
    ],
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

describe('mapInput', () => {
  const insert = (text: string): KeyAction => ({ type: 'insert', text });
  it.each<[string, string, Key, boolean, MappedInput]>([
    [
      'text typed ahead and Enter, read together, is typed and sent',
      'yes\r',
      k(),
      false,
      { actions: [insert('yes'), type('submit')], pasting: false },
    ],
    ['Enter alone sends', '\r', k({ return: true }), false, { actions: [type('submit')], pasting: false }],
    [
      'controls in typed-ahead text are dropped before it is sent',
      'a\u0007b\r',
      k(),
      false,
      { actions: [insert('ab'), type('submit')], pasting: false },
    ],
    [
      'nothing printable before the Enter only sends',
      '\u0007\r',
      k(),
      false,
      { actions: [type('submit')], pasting: false },
    ],
    [
      'Ctrl-U typed ahead inside text is applied in order',
      'hello\u0015world\r',
      k(),
      false,
      { actions: [insert('hello'), type('kill-start'), insert('world'), type('submit')], pasting: false },
    ],
    [
      'Ctrl-W, Backspace, Ctrl-A and Ctrl-C inside one read are each a key',
      'one two\u0017x\u007fy\u0001z\u0003',
      k(),
      false,
      {
        actions: [
          insert('one two'),
          type('kill-word'),
          insert('x'),
          type('backspace'),
          insert('y'),
          type('home'),
          insert('z'),
          type('interrupt'),
        ],
        pasting: false,
      },
    ],
    [
      'Ctrl-B, Ctrl-F, Ctrl-K, Ctrl-P, Ctrl-N and Ctrl-H typed ahead',
      'ab\u0002\u0006\u000b\u0010\u000e\u0008',
      k(),
      false,
      {
        actions: [
          insert('ab'),
          type('left'),
          type('right'),
          type('kill-end'),
          type('up'),
          type('down'),
          type('backspace'),
        ],
        pasting: false,
      },
    ],
    ['a tab inside typed text stays text', 'a\tb', k(), false, { actions: [insert('a\tb')], pasting: false }],
    [
      'a line break inside the text is a paste: inserted, not sent',
      'one\rtwo',
      k(),
      false,
      { actions: [insert('one\ntwo')], pasting: false },
    ],
    [
      'a paste ending in Enter is still a paste',
      'one\r\ntwo\r',
      k(),
      false,
      { actions: [insert('one\ntwo\n')], pasting: false },
    ],
    [
      'two lines typed ahead are a paste too',
      'one\rtwo\r',
      k(),
      false,
      { actions: [insert('one\ntwo\n')], pasting: false },
    ],
    [
      'text then Ctrl-J (a trailing LF) inserts the new line',
      'line\n',
      k(),
      false,
      { actions: [insert('line\n')], pasting: false },
    ],
    ['Ctrl-J alone is a new line', '\n', k(), false, { actions: [type('newline')], pasting: false }],
    [
      'Alt+Enter is a new line',
      '\r',
      k({ return: true, meta: true }),
      false,
      { actions: [type('newline')], pasting: false },
    ],
    ['the bracketed-paste start marker starts a paste', '[200~', k(), false, { actions: [], pasting: true }],
    [
      'inside a bracketed paste, text and Enter are inserted',
      'a\r',
      k(),
      true,
      { actions: [insert('a\n')], pasting: true },
    ],
    [
      'inside a bracketed paste, Enter alone is a new line',
      '\r',
      k({ return: true }),
      true,
      { actions: [insert('\n')], pasting: true },
    ],
    ['the end marker ends the paste', '[201~', k(), true, { actions: [], pasting: false }],
    [
      'Ctrl with a letter is a key, not text',
      'c',
      k({ ctrl: true }),
      false,
      { actions: [type('interrupt')], pasting: false },
    ],
  ])('%s', (_name, input, key, pasting, expected) => {
    expect(mapInput(input, key, pasting)).toEqual(expected);
  });
});
