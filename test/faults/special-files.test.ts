// A FIFO or a device where rpv expects its config file or journal is refused with a clear
// error instead of hanging (opening a FIFO blocks; /dev/zero never ends).
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

let home: ReturnType<typeof makeHome> | undefined;
afterEach(() => home?.dispose());

const env = () => ({
  ...home!.env,
  RUNPOD_API_KEY: TEST_KEY,
  RUNPOD_ENDPOINT_ID: 'ep',
  RUNPOD_ENDPOINT_BASE_URL: 'http://127.0.0.1:9/v2',
});

describe('special files', () => {
  it.each([
    ['a FIFO', 'fifo'],
    ['/dev/zero', 'zero'],
  ])('%s as the config file: exit 3, one line, no hang', async (_what, kind) => {
    home = makeHome();
    const cfg = home.env.RPV_CONFIG_DIR!;
    mkdirSync(cfg, { recursive: true });
    const file = join(cfg, 'config.json');
    if (kind === 'fifo') execFileSync('mkfifo', [file]);
    else symlinkSync('/dev/zero', file);
    const res = await runRpv(['config', 'list'], { env: env(), timeoutMs: 10_000 });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/^rpv: cannot read config file .*not a regular file/);
  });

  it('a FIFO as the journal: the job list does not hang', async () => {
    home = makeHome();
    const data = home.env.RPV_DATA_DIR!;
    mkdirSync(data, { recursive: true });
    execFileSync('mkfifo', [join(data, 'jobs.jsonl')]);
    const res = await runRpv(['status'], { env: env(), timeoutMs: 10_000 });
    expect(res.code).not.toBeNull();
    expect(res.stderr).not.toMatch(/internal error/);
  });

  it('a FIFO as the local record (rpv.db): the job list does not hang', async () => {
    home = makeHome();
    const data = home.env.RPV_DATA_DIR!;
    mkdirSync(data, { recursive: true });
    execFileSync('mkfifo', [join(data, 'rpv.db')]);
    const res = await runRpv(['status'], { env: env(), timeoutMs: 10_000 });
    expect(res.code).not.toBeNull();
    expect(res.stderr).not.toMatch(/internal error/);
  });
});
