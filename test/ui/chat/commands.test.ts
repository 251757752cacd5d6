import { describe, expect, it } from 'vitest';
import { COMMANDS, complete, helpLines, parseCommand } from '../../../src/ui/chat/commands.js';

describe('slash commands', () => {
  it.each([
    ['/help', { name: 'help', arg: '' }],
    ['  /SET max_tokens 5 ', { name: 'set', arg: 'max_tokens 5' }],
    ['/system be\nbrief', { name: 'system', arg: 'be\nbrief' }],
    ['/', { name: '', arg: '' }],
    ['//not a command', undefined],
    ['hello /help', undefined],
  ])('parseCommand(%j)', (text, parsed) => {
    expect(parseCommand(text)).toEqual(parsed);
  });

  it.each([
    ['/he', '/help', []],
    ['/sy', '/system ', []],
    ['/s', '/s', ['/system', '/set', '/save', '/stats']],
    ['/re', '/retry', []],
    ['/x', '/x', []],
    ['/set max_', '/set max_tokens ', []],
    ['/set top_', '/set top_', ['top_k', 'top_p']],
    ['/set my', '/set my_param ', []],
    ['hello', 'hello', []],
  ])('complete(%j)', (text, completed, candidates) => {
    expect(complete(text, ['my_param'])).toEqual({ text: completed, candidates });
  });

  it('lists every command in /help', () => {
    const help = helpLines().join('\n');
    for (const command of COMMANDS) expect(help).toContain(`/${command.name}`);
    expect(help).toMatch(/Alt\+Enter, Ctrl-J/);
  });
});
