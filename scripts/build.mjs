// `npm run build`: bundles src/ into dist/ with esbuild so `rpv` starts fast. bin/rpv.cjs loads
// dist/rpv.cjs, a CommonJS launcher (src/bin.ts) that answers `--version` itself and loads the
// ES module entry (dist/main.js) for everything else; every dynamic import() of that entry
// becomes its own chunk under dist/chunks/, so Ink and React, ora, conf, undici and the
// emulator load only when a command needs them. Type-checking
// is `npm run typecheck` (tsc --noEmit); this script only transpiles and bundles.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist');

// Bundled CommonJS packages (commander, undici, react...) call require() for node built-ins;
// an ESM chunk has no `require`, so each chunk gets one made for its own URL.
const banner =
  "import { createRequire as __rpvCreateRequire } from 'node:module';\n" +
  'const require = __rpvCreateRequire(import.meta.url);';

// yoga-layout (Ink's layout engine) inlines its WebAssembly as a data: URL and, whenever a global
// fetch exists, reads it back through fetch(), which makes node load its own copy of undici
// (~20 ms of CPU) just to decode base64. Its loader's other branch decodes the URL directly.
const YOGA_FETCH = 'return w||"function"!=typeof fetch?';
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      if (code.split(YOGA_FETCH).length !== 2) {
        throw new Error(
          `yoga-layout changed: "${YOGA_FETCH}" not found once in ${args.path}; update scripts/build.mjs`,
        );
      }
      return { contents: code.replace(YOGA_FETCH, 'return w||!0?'), loader: 'js' };
    });
  },
};

const version = JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);

const result = await build({
  absWorkingDir: root,
  // The record thread (src/cli/record/record-worker.ts) is a second entry: a worker loads a file.
  entryPoints: { main: 'src/main.ts', 'record-worker': 'src/cli/record/record-worker.ts' },
  outdir,
  write: false,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  // Chunks sit one folder below dist/.
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: banner },
  // Ink loads its devtools bridge only with DEV=true; that optional peer is not a dependency.
  // libsql loads a native binary from its platform package: it stays a runtime dependency.
  external: ['react-devtools-core', 'libsql'],
  jsx: 'automatic',
  // React and its reconciler pick their development build (extra checks, warnings, component
  // stacks: several times slower per render) unless NODE_ENV says production. rpv ships the
  // production build whatever the user's environment says.
  // The version is written in, so no chunk reads package.json at run time (src/core/version.ts).
  define: {
    'process.env.NODE_ENV': '"production"',
    __RPV_VERSION__: version,
  },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [yogaWithoutFetch],
  // Ink measures every line of every frame with string-width, whose start-up (an Intl.Segmenter
  // and RGI_Emoji regexes, ~20 ms) and first calls dominate a short live view. rpv's own width
  // function measures the same way the rest of src/ui wraps text, so Ink's layout and rpv's
  // wrapping agree; test/ui/text/ink-string-width.test.ts compares it with the real package.
  alias: { 'string-width': './src/ui/text/ink-string-width.ts' },
});

// The launcher: CommonJS, so node starts it without its ES module loader; the entry it loads
// stays a separate file.
const launcher = await build({
  absWorkingDir: root,
  entryPoints: ['src/bin.ts'],
  outfile: join(outdir, 'rpv.cjs'),
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  external: ['./main.js'],
  define: { __RPV_VERSION__: version },
  legalComments: 'none',
  logLevel: 'warning',
});

// The bundle carries code of the packages it was built from, so their licences ship with it.
function notices(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (match?.[1]) dirs.add(match[1]);
  }
  const parts = [...dirs].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file
      ? readFileSync(join(root, dir, file), 'utf8').trim()
      : `License: ${pkg.license ?? 'see the package'}`;
    return `${pkg.name}@${pkg.version}\n\n${text}\n`;
  });
  return `Third-party software bundled in dist/\n\n${parts.join(`\n${'-'.repeat(72)}\n\n`)}`;
}
const noticeFile = { path: join(outdir, 'THIRD-PARTY-NOTICES.txt'), contents: Buffer.from(notices(result.metafile)) };

// Tests may be running the binary while this runs: each file is swapped in whole (write to a
// temporary name, rename), chunks before the entry that imports them, and files of an older
// build are removed only afterwards, so dist/ is never empty or half-written.
const order = (file) => [join(outdir, 'main.js'), join(outdir, 'rpv.cjs')].indexOf(file.path);
const files = [...result.outputFiles, noticeFile, ...launcher.outputFiles].sort((a, b) => order(a) - order(b));
for (const file of files) {
  mkdirSync(dirname(file.path), { recursive: true });
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, file.contents);
  renameSync(temp, file.path);
}
const fresh = new Set(files.map((f) => f.path));
for (const entryName of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
  if (!entryName.isFile()) continue;
  const path = join(entryName.parentPath, entryName.name);
  // Another build's temporary file is left alone, unless it is too old to be in progress.
  const busy = path.endsWith('.tmp') && Date.now() - statSync(path).mtimeMs < 60_000;
  if (!fresh.has(path) && !busy) rmSync(path, { force: true });
}
for (const dir of readdirSync(outdir, { withFileTypes: true })) {
  const inside = dir.isDirectory() ? readdirSync(join(outdir, dir.name), { recursive: true, withFileTypes: true }) : [];
  if (dir.isDirectory() && !inside.some((d) => d.isFile())) {
    rmSync(join(outdir, dir.name), { recursive: true, force: true });
  }
}
if (process.argv.includes('--metafile')) {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/meta.json'), JSON.stringify(result.metafile));
  process.stdout.write(`metafile: ${relative(process.cwd(), join(root, 'bench/results/meta.json'))}\n`);
}
