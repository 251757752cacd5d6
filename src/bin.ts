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
  // Until the CLI has loaded and put its own handlers in place (cli/main.ts replaces these),
  // Ctrl-C or SIGTERM ends rpv with the code it gives later for an interruption; nothing has
  // been sent yet. Without them the signal would kill the process (no exit code at all).
  const early = () => process.exit(130);
  process.on('SIGINT', early);
  process.on('SIGTERM', early);
  void import('./main.js');
}
