// Opening the record does not make Node build a diagnostic report: libsql's own platform probe
// (process.report.getReport(), then detect-libc) is answered in advance on Linux.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { makeHome, runRpv } from '../helpers/cli.js';

const COUNTER = fileURLToPath(new URL('../helpers/count-report.cjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const home = makeHome();
afterAll(() => home.dispose());

describe.runIf(process.platform === 'linux')('loading the SQLite binding', () => {
  test('rpv log opens the record without a diagnostic report, and works', async () => {
    const countFile = join(home.dir, 'reports');
    const env = { ...home.env, NODE_OPTIONS: `--require ${COUNTER}`, COUNT_REPORT_FILE: countFile };
    const r = await runRpv(['log', '--json'], { env, stdin: null });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(readFileSync(countFile, 'utf8')).toBe('0');
    // and the counter sees one when libsql probes for itself (a plain require)
    const plain = spawnSync(process.execPath, ['--require', COUNTER, '-e', 'require("libsql")'], {
      cwd: ROOT,
      env: { ...process.env, COUNT_REPORT_FILE: countFile },
    });
    expect(plain.status).toBe(0);
    expect(Number(readFileSync(countFile, 'utf8'))).toBeGreaterThan(0);
  });
});
