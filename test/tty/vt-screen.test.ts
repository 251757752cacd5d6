// The virtual screen the tty tests read must itself be right: wrapping, wide characters, the
// erase-and-redraw sequences Ink writes, scrolling and resizing.
import { describe, expect, it } from 'vitest';
import { cellWidth, VtScreen } from './vt-screen.js';

describe('VtScreen', () => {
  it('places text, wraps at the right margin only when more text follows, and scrolls', () => {
    const s = new VtScreen(5, 3);
    s.write('abcde\r\nfghijk');
    expect(s.lines()).toEqual(['abcde', 'fghij', 'k']);
    s.write('\r\nlast');
    expect(s.lines()).toEqual(['fghij', 'k', 'last']);
    expect(s.scrollback).toEqual(['abcde']);
  });

  it('redraws the way Ink does: erase lines upwards, then write the new frame', () => {
    const s = new VtScreen(20, 5);
    s.write('static\r\nframe 1\r\nstatus\r\n');
    s.write('\u001b[2K\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u001b[Gframe 2\r\n');
    expect(s.text()).toBe('static\nframe 2');
    s.write('\u001b[2J\u001b[3J\u001b[Hclean');
    expect(s.text()).toBe('clean');
    expect(s.scrollback).toEqual([]);
  });

  it('counts wide characters as two columns and ignores colours and modes', () => {
    expect(cellWidth('日'.codePointAt(0) ?? 0)).toBe(2);
    expect(cellWidth('🚀'.codePointAt(0) ?? 0)).toBe(2);
    expect(cellWidth('é'.codePointAt(0) ?? 0)).toBe(1);
    const s = new VtScreen(6, 2);
    s.write('\u001b[?2026h\u001b[31m日本語x\u001b[0m');
    expect(s.lines()).toEqual(['日本語', 'x']);
  });

  it('holds an escape sequence split across writes until it is complete', () => {
    const s = new VtScreen(10, 2);
    s.write('ab\u001b[');
    s.write('2Kc');
    expect(s.lines()[0]).toBe('  c');
  });

  it('drops blank rows under the cursor first when it gets shorter', () => {
    const s = new VtScreen(10, 4);
    s.write('one\r\ntwo');
    s.resize(8, 2);
    expect(s.lines()).toEqual(['one', 'two']);
    s.resize(8, 1);
    expect(s.lines()).toEqual(['two']);
    expect(s.scrollback).toEqual(['one']);
  });
});
