import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { painterFor } from '../../../src/ui/text/paint.js';

describe('painterFor', () => {
  const level = chalk.level;
  afterEach(() => {
    chalk.level = level;
  });

  it('paints with the theme palette when colour is on', () => {
    chalk.level = 1;
    const p = painterFor(true);
    expect(p.code('x')).toBe(chalk.cyan('x'));
    expect(p.user('x')).toBe(chalk.green.bold('x'));
    expect(p.dim('x')).toBe(chalk.dim('x'));
    expect(p.error('x')).toBe(chalk.red('x'));
    expect(p.warn('')).toBe('');
  });

  it('never adds an escape sequence with colour off', () => {
    chalk.level = 3;
    const p = painterFor(false);
    for (const paint of [p.dim, p.bold, p.italic, p.code, p.accent, p.user, p.warn, p.error, p.ok]) {
      expect(paint('text')).toBe('text');
    }
  });
});
