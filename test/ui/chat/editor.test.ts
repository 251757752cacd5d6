import { describe, expect, it } from 'vitest';
import * as ed from '../../../src/ui/chat/editor.js';

/** Writes an editor as text with `|` at the cursor, and reads it back. */
const show = (e: ed.Editor) => `${e.text.slice(0, e.cursor)}|${e.text.slice(e.cursor)}`;
const read = (s: string): ed.Editor => ({ text: s.replace('|', ''), cursor: s.indexOf('|') });

describe('editor', () => {
  it.each<[string, string, (e: ed.Editor) => ed.Editor | undefined, string | undefined]>([
    ['insert', 'ab|c', (e) => ed.insert(e, 'XY'), 'abXY|c'],
    ['insert a newline', 'ab|', (e) => ed.insert(e, '\n'), 'ab\n|'],
    ['backspace', 'ab|c', ed.backspace, 'a|c'],
    ['backspace at start', '|abc', ed.backspace, '|abc'],
    ['backspace over an emoji', 'a🙂|', ed.backspace, 'a|'],
    ['delete forward', 'a|bc', ed.deleteForward, 'a|c'],
    ['delete forward at end', 'abc|', ed.deleteForward, 'abc|'],
    ['left over an emoji', 'a🙂|', ed.left, 'a|🙂'],
    ['right over an emoji', 'a|🙂b', ed.right, 'a🙂|b'],
    ['home of the second line', 'one\ntw|o', ed.home, 'one\n|two'],
    ['end of the first line', 'o|ne\ntwo', ed.end, 'one|\ntwo'],
    ['up keeps the column', 'abcd\nxy|z', ed.lineUp, 'ab|cd\nxyz'],
    ['up to a shorter line', 'ab\nwxy|z', ed.lineUp, 'ab|\nwxyz'],
    ['up on the first line', 'a|b\nc', ed.lineUp, undefined],
    ['down keeps the column', 'a|bc\nxyz', ed.lineDown, 'abc\nx|yz'],
    ['down on the last line', 'ab\nc|d', ed.lineDown, undefined],
    ['kill to line start', 'one\ntw|o', ed.killToStart, 'one\n|o'],
    ['kill to line end', 'o|ne\ntwo', ed.killToEnd, 'o|\ntwo'],
    ['kill word', 'say hello  |x', ed.killWord, 'say |x'],
    ['word left', 'say hello|', ed.wordLeft, 'say |hello'],
    ['word right', '|say hello', ed.wordRight, 'say| hello'],
  ])('%s', (_name, before, op, after) => {
    const result = op(read(before));
    expect(result && show(result)).toBe(after);
  });

  it('starts empty and can be filled with the cursor at the end', () => {
    expect(show(ed.EMPTY_EDITOR)).toBe('|');
    expect(show(ed.editorWith('a\nb'))).toBe('a\nb|');
  });
});
