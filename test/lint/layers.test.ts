// The tools that hold the layering: ESLint must reject an upward import and an import cycle,
// and knip an export nobody imports. Each is planted in a throw-away folder under src/ (where
// the rules apply) and removed afterwards.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const planted = join(root, 'src/core', `planted-${process.pid}`);
afterAll(() => rmSync(planted, { recursive: true, force: true }));

function plant(files: Record<string, string>): string[] {
  mkdirSync(planted, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const file = join(planted, name);
    writeFileSync(file, text);
    return file;
  });
}

async function ruleIds(files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.map((m) => m.ruleId ?? m.message));
}

describe('npm run lint holds the line', () => {
  it('rejects core importing from cli (an upward import)', { timeout: 60_000 }, async () => {
    const [file] = plant({
      'upward.ts': "import { dispatch } from '../../cli/dispatch.js';\nexport const x = dispatch;\n",
    });
    expect(await ruleIds([file!])).toContain('import-x/no-restricted-paths');
  });

  it('rejects an import cycle', { timeout: 60_000 }, async () => {
    const files = plant({
      'cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = (): number => b() + 1;\n",
      'cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = (): number => a() - 1;\n",
    });
    expect(await ruleIds(files)).toContain('import-x/no-cycle');
  });

  it('accepts the tree as it is', { timeout: 60_000 }, async () => {
    rmSync(planted, { recursive: true, force: true });
    const ids = await ruleIds([join(root, 'src/core'), join(root, 'src/cli'), join(root, 'src/emulator')]);
    expect(ids).toEqual([]);
  });

  it('knip rejects an export nobody imports', { timeout: 90_000 }, async () => {
    // A used module with one unused export: imported by a planted test entry.
    plant({ 'dead.ts': 'export const used = 1;\nexport function nobodyCalls(): number {\n  return 2;\n}\n' });
    const entry = join(root, 'test/lint', `planted-${process.pid}.test.ts`);
    writeFileSync(entry, `import { used } from '../../src/core/planted-${process.pid}/dead.js';\nvoid used;\n`);
    try {
      const run = promisify(execFile);
      const knip = join(root, 'node_modules/.bin/knip');
      const result = await run(knip, ['--include', 'exports'], { cwd: root, timeout: 80_000 }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code?: number; stdout?: string }) => ({ code: e.code ?? 1, out: e.stdout ?? '' }),
      );
      expect(result.code).not.toBe(0);
      expect(result.out).toContain('nobodyCalls');
    } finally {
      rmSync(entry, { force: true });
    }
  });
});
