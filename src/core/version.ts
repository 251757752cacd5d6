// rpv's version, in one place: scripts/build.mjs writes it into the bundle (esbuild `define`),
// so the built binary reads no file for it; code run from source (unit tests) reads package.json.
import { readFileSync } from 'node:fs';

declare const __RPV_VERSION__: string | undefined;

let fromSource: string | undefined;

/** The version printed by `--version` and sent in the User-Agent. */
export function rpvVersion(): string {
  if (typeof __RPV_VERSION__ === 'string') return __RPV_VERSION__;
  if (fromSource === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version?: unknown;
      };
      fromSource = String(pkg.version ?? '0.0.0');
    } catch {
      fromSource = '0.0.0';
    }
  }
  return fromSource;
}
