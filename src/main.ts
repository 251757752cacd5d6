// The ES module entry (dist/main.js), loaded by dist/rpv.cjs (src/bin.ts) for every command
// but a bare `--version`, which that launcher answers itself.
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

const [v8, { main }] = await Promise.all([import('node:v8'), import('./cli/main.js')]);
preferLiftoff(v8);
await main(argv);
