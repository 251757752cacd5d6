import { describe, expect, it } from 'vitest';
import { clearEnd, keepTranscriptOnClear, withTranscript } from '../../../src/ui/job/clear-guard.js';
import { FakeTty } from '../fixtures.js';

const CLEAR = '\u001b[2J\u001b[3J\u001b[H';

describe('withTranscript', () => {
  it('finds the whole clear sequence, or none', () => {
    expect(clearEnd(`${CLEAR}frame`)).toBe(CLEAR.length);
    expect(clearEnd('\u001b[2Jframe')).toBe(4);
    expect(clearEnd('\u001b[2K\u001b[1Aframe')).toBe(-1);
  });

  it('puts the transcript right after the clear, and ends a frame shorter than the screen with a newline', () => {
    expect(withTranscript(`${CLEAR}tail\nstatus`, 'one\ntwo\n', 10)).toBe(`${CLEAR}one\ntwo\ntail\nstatus\n`);
    expect(withTranscript(`${CLEAR}a\nb\nc`, 'x\n', 3)).toBe(`${CLEAR}x\na\nb\nc`);
    expect(withTranscript('no clear here', 'x\n', 10)).toBe('no clear here');
  });
});

describe('keepTranscriptOnClear', () => {
  it('is the same stream for Ink, except for writes that clear the terminal', () => {
    const tty = new FakeTty(50, 6);
    let transcript = 'first\n';
    const view = keepTranscriptOnClear(tty, () => transcript);
    expect(view.columns).toBe(50);
    expect(view.isTTY).toBe(true);
    let resized = 0;
    view.on('resize', () => resized++);
    tty.emit('resize');
    expect(resized).toBe(1);
    view.write('plain\n');
    transcript = 'first\nsecond\n';
    view.write(`${CLEAR}frame`);
    expect(tty.output).toBe(`plain\n${CLEAR}first\nsecond\nframe\n`);
  });
});
