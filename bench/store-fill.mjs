// Fills a data folder's rpv.db with `count` recorded jobs spread over the last six days, for
// the benchmark of `rpv stats` over a large record. The schema comes from rpv itself (the caller
// runs `rpv log` on the folder first); rows go in through libsql in one transaction.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Inserts `count` plausible jobs on three endpoints into `<dataDir>/rpv.db`. */
export function fillRecord(dataDir, count) {
  const Database = createRequire(import.meta.url)('libsql');
  const db = new Database(join(dataDir, 'rpv.db'));
  const insert = db.prepare(
    `INSERT INTO jobs (job_id, endpoint, command, route, submitted_at, finished_at, status, retries, queue_ms,
       execution_ms, first_token_ms, total_ms, tokens_in, tokens_out, tokens_per_second, cost_usd, prompt, reply)
     VALUES (?, ?, 'complete', 'native', ?, ?, ?, 0, ?, ?, ?, ?, 20, 200, ?, ?, ?, ?)`,
  );
  const start = Date.now() - 6 * 86_400_000;
  const step = (6 * 86_400_000) / count;
  // A fixed pseudo-random sequence, so every run measures the same data.
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = new Date(start + i * step).toISOString();
      const queue = Math.round(random() * 8000);
      const exec = 1000 + Math.round(random() * 4000);
      insert.run(
        `bench-${i}`,
        `bench-ep${i % 3}`,
        at,
        at,
        i % 50 === 0 ? 'FAILED' : 'COMPLETED',
        queue,
        exec,
        queue + 300,
        queue + exec + 100,
        60 + random() * 40,
        (exec / 1000) * 0.00076,
        `Write a short paragraph about topic ${i}`,
        'A reply of typical length. '.repeat(8),
      );
    }
  }).immediate();
  db.close();
}
