import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const loads = vi.hoisted(() => ({ count: 0, zod: 0 }));
vi.mock('conf', async (importOriginal) => {
  loads.count += 1;
  return importOriginal();
});
vi.mock('zod', async (importOriginal) => {
  loads.zod += 1;
  return importOriginal();
});

const { readConfig, setValue, checkPermissions } = await import('../../src/config/store.js');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-lazy-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('conf loading', () => {
  it('reads without loading conf or zod and loads conf only to write', async () => {
    const env = { RPV_CONFIG_DIR: root };
    fs.writeFileSync(path.join(root, 'config.json'), JSON.stringify({ profiles: { default: { seed: 1 } } }));
    expect(readConfig(env).profiles['default']).toEqual({ seed: 1 });
    checkPermissions(env);
    expect(loads.count).toBe(0);
    expect(loads.zod).toBe(0);
    await setValue(env, 'default', 'seed', '2');
    expect(loads.count).toBe(1);
    expect(readConfig(env).profiles['default']).toEqual({ seed: 2 });
  });
});
