import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { stringWidth } from '../../../src/ui/text/ink-string-width.js';

describe('stringWidth (stand-in for Ink)', () => {
  it.each([
    'plain ascii text',
    'café über naïve déjà vu Zürich',
    '日本語のテスト',
    'rocket 🚀 launch',
    '⠋ generating · 3.2 s · first token 0.8 s',
    '✓ queue 1.1 s · 12 in / 34 out',
    '╭─ python │ code ╰─ • item ─────',
    'tab\tand\u0007bell',
    '',
  ])('agrees with string-width on %j', (text) => {
    expect(stringWidth(text)).toBe(realStringWidth(text));
  });

  it('does not count colour codes or hyperlinks, unless asked to', () => {
    const styled = '\u001b[1m\u001b[36mbold cyan\u001b[39m\u001b[22m';
    expect(stringWidth(styled)).toBe(9);
    expect(stringWidth('\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007')).toBe(4);
    expect(stringWidth('\u009b31mred')).toBe(3);
    expect(stringWidth(styled, { countAnsiEscapeCodes: true })).toBe(
      realStringWidth(styled, { countAnsiEscapeCodes: true }),
    );
  });
});
