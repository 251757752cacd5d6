// What bin/rpv.cjs loads first, built as CommonJS to dist/rpv.cjs. `--version` is answered here
// before anything else is loaded: node starts a CommonJS file without its ES module loader, so
// the commonest probe costs no more than starting node (`npm run bench`). Everything else goes
// on to the ES module entry (dist/main.js), which the build keeps as a separate file.
// Written in by scripts/build.mjs from package.json (src/core/version.ts serves everything else).
declare const __RPV_VERSION__: string;

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${__RPV_VERSION__} (node ${process.version}, ${process.platform}-${process.arch})\n`);
} else {
  void import('./main.js');
}
