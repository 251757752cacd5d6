// Entry point. `--version` is answered before anything else is loaded, so the commonest
// probe costs no more than starting node; everything else goes through the CLI.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);

/** Reads the version from package.json next to dist/. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${version()}\n`);
} else {
  const { main } = await import('./cli/main.js');
  await main(argv, version);
}
