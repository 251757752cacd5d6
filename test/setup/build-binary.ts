// Global setup of the end-to-end project: builds dist/ once before any test spawns the binary,
// so `npx vitest run` works on a fresh clone without a separate `npm run build`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILD = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));

export default function setup(): void {
  try {
    execFileSync(process.execPath, [BUILD], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    throw new Error('the end-to-end tests need the built binary, and `node scripts/build.mjs` failed (output above)');
  }
}
