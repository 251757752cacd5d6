import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTerminalSanitizer, sanitizeChunk, sanitizeForTerminal } from '../../../src/ui/text/sanitize.js';

describe('sanitizeForTerminal', () => {
  it.each([
    ['SGR colour', 'a\u001b[31mred\u001b[0m b', 'ared b'],
    ['clear screen and cursor home', '\u001b[2J\u001b[Hhi', 'hi'],
    ['OSC title ended by BEL', '\u001b]0;pwned\u0007ok', 'ok'],
    ['OSC hyperlink ended by ST', '\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['DCS string', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['8-bit CSI', 'x\u009b31my', 'xy'],
    ['charset designation', '\u001b(Bplain', 'plain'],
    ['reset', 'a\u001bcb', 'ab'],
    ['ESC before a newline keeps the newline', 'a\u001b\nb', 'a\nb'],
    ['CRLF to LF, lone CR dropped', 'a\r\nb\rc', 'a\nbc'],
    ['bell, backspace and DEL dropped', 'a\u0007b\bc\u007fd', 'abcd'],
    ['tabs, newlines and unicode kept', 'é\t日本\n🙂', 'é\t日本\n🙂'],
    ['unterminated sequence at the end dropped', 'ok\u001b]0;never ends', 'ok'],
    ['malformed CSI stops before the control', 'a\u001b[12\nb', 'a\nb'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeForTerminal(input)).toBe(expected);
  });

  it('never lets ESC, C1 or C0 controls (other than tab and newline) through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(sanitizeForTerminal(text)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }),
    );
  });

  it('gives the same text streamed in any cut as in one piece', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      '\n',
      '\u001b',
      '[',
      ']',
      '3',
      '1',
      'm',
      ';',
      '\u0007',
      '\\',
      '\r',
      'P',
      '\u009b',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 6 }), (chars, cuts) => {
        const text = chars.join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const sanitizer = createTerminalSanitizer();
        let out = '';
        let from = 0;
        for (const point of [...points, text.length]) {
          out += sanitizer.push(text.slice(from, point));
          from = point;
        }
        out += sanitizer.flush();
        expect(out).toBe(sanitizeForTerminal(text));
      }),
    );
  });

  it('holds back a sequence cut between chunks (pure form)', () => {
    const first = sanitizeChunk('', 'hi \u001b[3');
    expect(first).toEqual({ text: 'hi ', pending: '\u001b[3' });
    expect(sanitizeChunk(first.pending, '1mred')).toEqual({ text: 'red', pending: '' });
  });
});
