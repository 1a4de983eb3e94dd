/**
 * Output paths checked before any work: a file's folder is created and must be writable, an
 * existing file must be a writable file, a folder is created and must be writable. A bad path is
 * a UsageError naming the option and the path (exit 2), found in milliseconds, not after the run.
 */
import { constants } from 'node:fs';
import { access, mkdir, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { dirname, resolve } from 'node:path';
import { UsageError } from './args.js';

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EEXIST':
      return 'a part of the path exists and is not a folder';
    case 'ENOENT':
      return 'files cannot be created there';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e.message ?? String(err);
  }
}

async function kind(path: string): Promise<'file' | 'dir' | 'other' | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Checks that `file` can be written (creating its folder); `option` names it in the error (`--json`). */
export async function checkOutputFile(file: string, option: string): Promise<void> {
  const bad = (reason: string): never => {
    throw new UsageError(`cannot write ${option} ${file}: ${reason}; give a writable path`);
  };
  const abs = resolve(file);
  let k: Awaited<ReturnType<typeof kind>>;
  try {
    k = await kind(abs);
  } catch (err) {
    return bad(why(err));
  }
  if (k === 'dir') bad('it is a folder (give a file name)');
  if (k === 'other') bad('it is not a regular file');
  if (k === null) await checkOutputDir(dirname(abs), option, file);
  // open it for appending (nothing written; created then removed if new): the real test, which
  // also holds where permission bits say yes and the file system says no (root, /proc, read-only mounts)
  try {
    const h = await open(abs, 'a');
    await h.close();
    if (k === null) await unlink(abs);
  } catch (err) {
    bad(why(err));
  }
}

/** Checks that `dir` is (or can be made) a writable folder, creating it. */
export async function checkOutputDir(dir: string, option: string, shown = dir): Promise<void> {
  const bad = (reason: string): never => {
    throw new UsageError(`cannot write ${option} ${shown}: ${reason}; give a writable path`);
  };
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    bad(why(err));
  }
  const k = await kind(dir).catch(() => 'other' as const);
  if (k !== 'dir') bad(`${dir} is not a folder`);
  const probe = join(dir, `.modeseek-write-check-${process.pid}`);
  try {
    await access(dir, constants.W_OK | constants.X_OK);
    const h = await open(probe, 'wx');
    await h.close();
    await unlink(probe);
  } catch (err) {
    bad(why(err));
  }
}
