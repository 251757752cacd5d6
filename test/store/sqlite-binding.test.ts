// The SQLite binding loaded with its platform answered in advance still opens databases, and the
// stand-in answers do not stay in the module cache for anyone else.
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { loadLibsql } from '../../src/store/sqlite-binding.js';

describe('loadLibsql', () => {
  test('returns a working Database and leaves the real detect-libc in place', () => {
    const Database = loadLibsql();
    const db = new Database(':memory:');
    expect(db.prepare('select 1 + 1 as two').get()).toMatchObject({ two: 2 });
    db.close();
    const fromLibsql = createRequire(createRequire(import.meta.url).resolve('libsql'));
    const detect = fromLibsql('detect-libc') as { familySync: () => string | null; GLIBC: string };
    expect(typeof detect.familySync).toBe('function');
    expect(Object.keys(detect)).toContain('versionSync');
  });
});
