// What `npm publish` would ship, per `npm pack --dry-run --json` on the built tree (pretest
// builds dist/): the binary, the bundle, the README and package.json; no sources, tests or
// source maps; and a bundle that needs nothing outside itself but node's own modules.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Ink imports its devtools bridge only when DEV=true; it is an optional peer, never installed.
const OPTIONAL_EXTERNALS = new Set(['react-devtools-core']);
// The one package installed with rpv rather than bundled: libsql carries a native binary.
const RUNTIME_DEPENDENCIES = new Set(
  Object.keys(
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> })
      .dependencies ?? {},
  ),
);

let files: string[] = [];

beforeAll(async () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { stdout } = await promisify(execFile)(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout) as { files: { path: string }[] }[];
  files = (report?.files ?? []).map((f) => f.path);
}, 70_000);

/**
 * Specifiers of the module's own imports: static `import … from "…"` / `export … from "…"` at
 * the start of a line, and dynamic `import("…")` with a double-quoted literal, as esbuild writes
 * them (bundled libraries' comments use other forms, e.g. JSDoc `import('…')`).
 */
function importsOf(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm,
    /^import\s*["']([^"']+)["']/gm,
    /\bimport\("([^"]+)"\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

describe('npm pack', () => {
  it('ships the binary, the bundle, the README, the licence and package.json', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('LICENSE');
    expect(files).toContain('bin/rpv.cjs');
    expect(files).toContain('dist/main.js');
    expect(files.some((f) => f.startsWith('dist/chunks/') && f.endsWith('.js'))).toBe(true);
    if (existsSync(join(root, 'README.md'))) expect(files).toContain('README.md');
  });

  it('ships nothing else: no sources, tests, benchmarks or source maps', () => {
    const allowed = /^(bin\/|dist\/|README\.md$|package\.json$|LICEN[CS]E)/i;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(map|ts|tsx|tmp)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(src|test|bench|scripts|node_modules)\//.test(f))).toEqual([]);
  });

  it('ships every file the binary imports, and the bundle imports only node built-ins and its runtime dependencies', () => {
    const shipped = new Set(files);
    const missing: string[] = [];
    const outside: string[] = [];
    let relative = 0;
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      for (const spec of importsOf(readFileSync(join(root, file), 'utf8'))) {
        if (spec.startsWith('.')) {
          relative += 1;
          const target = posix.normalize(posix.join(posix.dirname(file), spec));
          if (!shipped.has(target)) missing.push(`${file} -> ${spec}`);
        } else if (!isBuiltin(spec) && !OPTIONAL_EXTERNALS.has(spec) && !RUNTIME_DEPENDENCIES.has(spec)) {
          outside.push(`${file} -> ${spec}`);
        }
      }
    }
    expect(relative).toBeGreaterThan(10);
    expect(missing).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('ships the licences of the bundled packages', () => {
    expect(files).toContain('dist/THIRD-PARTY-NOTICES.txt');
    const notices = readFileSync(join(root, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const name of ['commander', 'undici', 'zod', 'ink', 'react'])
      expect(notices).toMatch(new RegExp(`^${name}@\\d`, 'm'));
  });
});
