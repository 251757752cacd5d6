// Loads libsql, the SQLite binding, without its platform probe. libsql's entry finds its native
// package by asking @neon-rs/load for the target, which builds a whole diagnostic report
// (process.report.getReport()) to tell glibc from musl, and then loads detect-libc to ask again:
// together about 10-20 ms of every command that opens the record, more than loading the native
// library itself. On Linux x64 and arm64 rpv answers both questions from the file system (musl
// systems have the musl dynamic loader) and hands libsql those answers for the time of the load;
// elsewhere, or if that fails, libsql probes as usual.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type DatabaseClass from 'libsql';

type Database = typeof DatabaseClass;

const nodeRequire = createRequire(import.meta.url);

/** The libc family of this Linux system, read from which dynamic loader it has. */
function libcFamily(arch: string): 'glibc' | 'musl' {
  const name = arch === 'x64' ? 'x86_64' : 'aarch64';
  return fs.existsSync(`/lib/ld-musl-${name}.so.1`) ? 'musl' : 'glibc';
}

/** Loads libsql; on Linux x64/arm64 with the target known in advance. */
export function loadLibsql(): Database {
  const { platform, arch } = process;
  if (platform !== 'linux' || (arch !== 'x64' && arch !== 'arm64')) return nodeRequire('libsql') as Database;
  const entry = nodeRequire.resolve('libsql');
  if (nodeRequire.cache[entry]) return nodeRequire(entry) as Database;
  const family = libcFamily(arch);
  const target = `linux-${arch}-${family === 'musl' ? 'musl' : 'gnu'}`;
  const fromLibsql = createRequire(entry);
  const seeded: string[] = [];
  const seed = (name: string, exports: object) => {
    const file = fromLibsql.resolve(name);
    if (nodeRequire.cache[file]) return;
    nodeRequire.cache[file] = { id: file, filename: file, loaded: true, exports } as NodeJS.Module;
    seeded.push(file);
  };
  try {
    seed('@neon-rs/load', { currentTarget: () => target, load: () => null });
    seed('detect-libc', { familySync: () => family, GLIBC: 'glibc', MUSL: 'musl' });
    return nodeRequire(entry) as Database;
  } catch {
    // An unexpected layout: forget the answers and let libsql probe for itself.
    for (const file of seeded.splice(0)) delete nodeRequire.cache[file];
    delete nodeRequire.cache[entry];
    return nodeRequire(entry) as Database;
  } finally {
    for (const file of seeded) delete nodeRequire.cache[file];
  }
}
