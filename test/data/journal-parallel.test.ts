// Issue 8, finding 8: several processes writing the journal (the fallback when rpv.db cannot be
// used) while one of them compacts it must lose no job and no status. The journal module is
// bundled to plain JavaScript once, so real node processes can run it side by side.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JOURNAL_MAX_LINES, findJob, journalFile, recentJobs } from '../../src/data/journal.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-journal-par-'));
const env = { RPV_DATA_DIR: path.join(root, 'data') };
const bundle = path.join(root, 'journal.mjs');
const WRITERS = 8;
const JOBS_EACH = 40;
const UPDATES_EACH = 5;

beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/data/journal.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: bundle,
    logLevel: 'silent',
  });
}, 30_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// One writer: records its jobs (newer than anything already there) and notes statuses for each.
const WRITER = `
const { recordJob, updateJob } = await import(process.argv[1]);
const env = { RPV_DATA_DIR: process.argv[2] };
const w = process.argv[3];
for (let n = 0; n < ${JOBS_EACH}; n++) {
  const id = 'w' + w + '-' + n;
  const submittedAt = new Date(Date.UTC(2030, 0, 1) + n * 1000 + Number(w)).toISOString();
  if (!recordJob(env, { id, endpoint: 'ep', baseUrl: 'http://127.0.0.1:1/v2', command: 'complete', submittedAt }))
    process.exit(3);
  for (let u = 1; u <= ${UPDATES_EACH}; u++)
    if (!updateJob(env, id, { status: u === ${UPDATES_EACH} ? 'COMPLETED' : 'IN_PROGRESS' })) process.exit(4);
}
`;

function runWriter(w: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, bundle, env.RPV_DATA_DIR, String(w)], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 60_000,
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

it(
  'parallel writers crossing the compaction limit keep every new job and its last status',
  { timeout: 90_000 },
  async () => {
    // An old journal just under the limit: old jobs, each with an update line.
    const old = Math.floor(JOURNAL_MAX_LINES / 2) - 5;
    const lines: string[] = [];
    for (let n = 0; n < old; n++) {
      const at = new Date(Date.UTC(2020, 0, 1) + n * 1000).toISOString();
      lines.push(
        JSON.stringify({
          type: 'job',
          id: `old-${n}`,
          endpoint: 'ep',
          baseUrl: 'b',
          command: 'complete',
          submittedAt: at,
        }),
      );
      lines.push(JSON.stringify({ type: 'update', id: `old-${n}`, status: 'COMPLETED' }));
    }
    fs.mkdirSync(env.RPV_DATA_DIR, { recursive: true });
    fs.writeFileSync(journalFile(env), `${lines.join('\n')}\n`);

    const codes = await Promise.all(Array.from({ length: WRITERS }, (_, w) => runWriter(w)));
    expect(codes).toEqual(Array(WRITERS).fill(0));

    // The writers' lines crossed the limit, so the journal was compacted at least once...
    const text = fs.readFileSync(journalFile(env), 'utf8');
    expect(text.split('\n').length).toBeLessThan(lines.length + WRITERS * JOBS_EACH * (UPDATES_EACH + 1));
    // ...and every job they wrote is there with its last status (they are the newest jobs).
    const missing: string[] = [];
    for (let w = 0; w < WRITERS; w++)
      for (let n = 0; n < JOBS_EACH; n++) {
        const found = findJob(env, `w${w}-${n}`);
        if (found?.status !== 'COMPLETED') missing.push(`w${w}-${n}: ${found ? found.status : 'lost'}`);
      }
    expect(missing).toEqual([]);
    expect(recentJobs(env, 10_000).length).toBeGreaterThanOrEqual(WRITERS * JOBS_EACH);
  },
);
