// Entry point. `--version` is answered before anything else is loaded, so the commonest
// probe costs no more than starting node; everything else goes through the CLI.
// Written in by scripts/build.mjs from package.json (src/core/version.ts serves everything else).
declare const __RPV_VERSION__: string;

const argv = process.argv.slice(2);

// undici parses HTTP with a WebAssembly build of llhttp (and Ink lays out with one of yoga).
// V8 compiles them fast with Liftoff, then re-optimises hot functions with TurboFan on a
// background thread, and node waits for that work before a process may exit: ~50-70 ms added
// to every short command, to speed up parsing that a CLI does little of. Liftoff code alone
// is plenty here (measured: `npm run bench`). A V8 without the flag would print a warning on
// stderr, so it is set only on the node majors this was written for.
function preferLiftoff(v8: typeof import('node:v8')): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 20 && major <= 24) v8.setFlagsFromString('--liftoff-only');
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${__RPV_VERSION__} (node ${process.version}, ${process.platform}-${process.arch})\n`);
} else {
  const [v8, { main }] = await Promise.all([import('node:v8'), import('./cli/main.js')]);
  preferLiftoff(v8);
  await main(argv);
}
