import { describe, expect, it } from 'vitest';
import { ANSI_MARKER, countPromptTokens, messagesKey, toyGenerate } from '../../src/emulator/toy-generator.js';

const base = { key: 'Tell me a story', seed: 0, maxTokens: 40, n: 1, stop: [] as string[] };

describe('toyGenerate', () => {
  it('is deterministic per (key, seed, index) and differs across them', () => {
    const a = toyGenerate(base)[0]!;
    expect(toyGenerate(base)[0]!.text).toBe(a.text);
    expect(toyGenerate({ ...base, seed: 7 })[0]!.text).not.toBe(a.text);
    expect(toyGenerate({ ...base, key: 'Other prompt' })[0]!.text).not.toBe(a.text);
    const [c0, c1] = toyGenerate({ ...base, n: 2 });
    expect(c0!.text).toBe(a.text);
    expect(c1!.text).not.toBe(a.text);
    expect(c1!.index).toBe(1);
  });

  it('produces exactly maxTokens tokens whose deltas join to the text', () => {
    for (const maxTokens of [1, 5, 100]) {
      const [c] = toyGenerate({ ...base, maxTokens });
      expect(c!.deltas).toHaveLength(maxTokens);
      expect(c!.tokenCount).toBe(maxTokens);
      expect(c!.deltas.join('')).toBe(c!.text);
      expect(c!.finishReason).toBe('length');
    }
  });

  it('draws on multi-byte UTF-8 words, spaces and newlines', () => {
    const text = toyGenerate({ ...base, maxTokens: 600 })[0]!.text;
    expect(text).toMatch(/[éüï]/);
    expect(text).toMatch(/日本|テスト/);
    expect(text).toContain('🚀');
    expect(text).toContain(' ');
    expect(text).toContain('\n');
    expect(text).not.toContain('\u001b');
  });

  it('stops before the first stop string, even one spanning tokens', () => {
    const full = toyGenerate({ ...base, maxTokens: 200 })[0]!.text;
    const word = full.slice(full.indexOf(' ', 20), full.indexOf(' ', 20) + 4);
    const [c] = toyGenerate({ ...base, maxTokens: 200, stop: ['zzz-never', word] });
    expect(c!.finishReason).toBe('stop');
    expect(c!.stopReason).toBe(word);
    expect(c!.text).toBe(full.slice(0, full.indexOf(word)));
    expect(c!.deltas.join('')).toBe(c!.text);
    expect(c!.tokenCount).toBeLessThan(200);
  });

  it('puts an ANSI escape in the text when the prompt carries the marker', () => {
    const [c] = toyGenerate({ ...base, key: `colour ${ANSI_MARKER}`, maxTokens: 6 });
    expect(c!.text).toContain('\u001b[31m');
    expect(c!.text).toContain('\u001b[0m');
  });
});

describe('prompt helpers', () => {
  it('counts words and punctuation, at least one', () => {
    expect(countPromptTokens('Hello, world!')).toBe(4);
    expect(countPromptTokens('')).toBe(1);
  });

  it('renders messages with roles and text parts', () => {
    const key = messagesKey([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
    expect(key).toBe('system: Be brief\nuser: Hi');
  });
});
