// Preloaded (NODE_OPTIONS=--import) into a spawned rpv by test/cli/record-thread.test.ts: notes
// in $RPV_TEST_THREAD_NOTES which thread loads libsql's native binary, the main one or a worker.
import fs from 'node:fs';
import Module from 'node:module';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

const load = Module._load;
Module._load = function noteSqlite(request, ...rest) {
  const notes = process.env.RPV_TEST_THREAD_NOTES;
  if (typeof request === 'string' && request.startsWith('@libsql/') && notes)
    fs.appendFileSync(notes, `${isMainThread ? 'main' : 'worker'}\n`);
  return load.call(this, request, ...rest);
};
